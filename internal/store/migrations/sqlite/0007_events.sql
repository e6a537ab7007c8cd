-- Training and events: an event run by an organisation, and people's bookings on it.
-- Times are written by the application in UTC.
CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
    created_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    audience         TEXT NOT NULL CHECK (audience IN ('leaders', 'doers', 'everyone')),
    format           TEXT NOT NULL CHECK (format IN ('online', 'in_person', 'elearning')),
    title            TEXT NOT NULL,
    description      TEXT NOT NULL,
    -- online and e-learning: shown only to people with a place, never in open data
    joining_link     TEXT NOT NULL DEFAULT '',
    address          TEXT NOT NULL DEFAULT '',
    starts_at        TIMESTAMP NOT NULL,
    ends_at          TIMESTAMP NOT NULL,
    capacity         INTEGER NOT NULL CHECK (capacity > 0),
    booking_deadline TIMESTAMP NOT NULL,
    cancelled_at     TIMESTAMP,
    cancel_reason    TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX events_ends ON events (ends_at);
CREATE INDEX events_starts ON events (starts_at);
CREATE INDEX events_org ON events (organisation_id);

-- A booking holds a place (booked, then attended or no_show) or a place in the waiting
-- list (waiting, ordered by position). The booking transaction locks the event row, so
-- that places are counted and given out one booking at a time on every engine.
CREATE TABLE event_bookings (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events (id),
    -- NULL once the person deletes their account: the anonymous row keeps take-up figures
    user_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- the person's organisation when they booked, for take-up per organisation
    organisation_id INTEGER REFERENCES organisations (id),
    status          TEXT NOT NULL CHECK (status IN ('booked', 'waiting', 'cancelled', 'attended', 'no_show')),
    position        INTEGER CHECK ((status = 'waiting') = (position IS NOT NULL)),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    cancelled_at    TIMESTAMP,
    reminded_at     TIMESTAMP
);
-- One active booking per person per event.
CREATE UNIQUE INDEX event_bookings_one_active ON event_bookings (event_id, user_id)
    WHERE status IN ('booked', 'waiting');
-- No two people share a place in a waiting list.
CREATE UNIQUE INDEX event_bookings_waiting_position ON event_bookings (event_id, position)
    WHERE status = 'waiting';
CREATE INDEX event_bookings_event ON event_bookings (event_id, status);
CREATE INDEX event_bookings_user ON event_bookings (user_id);
CREATE INDEX event_bookings_org ON event_bookings (organisation_id, status);
