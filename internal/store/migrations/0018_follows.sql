-- Follows and activity (issue 10). A person follows a target: a kind of thing and its id
-- (an organisation, a resource, a case study, an event series, an LGSL service by its
-- code, a principle by its number, and what later features add). Its name and address
-- are kept as they were when followed, so that the account page and the digests need no
-- join per kind.
CREATE TABLE follows (
    id          {{id}},
    user_id     {{ref}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL,
    target_id   {{ref}} NOT NULL,
    title       TEXT NOT NULL,
    title_cy    TEXT NOT NULL DEFAULT '',
    path        TEXT NOT NULL,
    created_at  {{timestamp}} NOT NULL,
    UNIQUE (user_id, target_kind, target_id)
);
CREATE INDEX follows_target ON follows (target_kind, target_id);

-- An activity item is an audited change others may care about, recorded in the change's
-- transaction: who, what kind, which object (its title and address then), when.
CREATE TABLE activity_items (
    id          {{id}},
    actor_id    {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    kind        TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id   {{ref}} NOT NULL,
    title       TEXT NOT NULL,
    title_cy    TEXT NOT NULL DEFAULT '',
    path        TEXT NOT NULL,
    happened_at {{timestamp}} NOT NULL
);
CREATE INDEX activity_items_happened ON activity_items (happened_at);

-- What an item touches, as follow targets: its object, and the organisations, services
-- and principles it is tagged with. A follower of any of them hears about it.
CREATE TABLE activity_targets (
    activity_id {{ref}} NOT NULL REFERENCES activity_items (id) ON DELETE CASCADE,
    target_kind TEXT NOT NULL,
    target_id   {{ref}} NOT NULL,
    PRIMARY KEY (activity_id, target_kind, target_id)
);
CREATE INDEX activity_targets_target ON activity_targets (target_kind, target_id, activity_id);

-- How often a person hears about what they follow; no row is the default, weekly.
CREATE TABLE notification_preferences (
    user_id    {{ref}} PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    frequency  TEXT NOT NULL CHECK (frequency IN ('weekly', 'daily', 'immediate', 'none')),
    updated_at {{timestamp}} NOT NULL
);

-- One row per person and period a digest was made for (sent, or found empty), written in
-- the transaction that queues it: the key makes it exactly once across instances and
-- restarts. covered_until is where the next one starts, so no item comes twice.
CREATE TABLE digest_runs (
    user_id       {{ref}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    period_end    {{timestamp}} NOT NULL,
    frequency     TEXT NOT NULL,
    items         INTEGER NOT NULL,
    covered_until {{timestamp}} NOT NULL,
    created_at    {{timestamp}} NOT NULL,
    PRIMARY KEY (user_id, period_end)
);

-- Follow emails carry their unsubscribe address, for the List-Unsubscribe headers (SMTP)
-- and the template's personalisation (GOV.UK Notify).
ALTER TABLE outbox ADD COLUMN unsubscribe_url TEXT NOT NULL DEFAULT '';

-- Keys the site signs with (the unsubscribe links), made at random by the first instance
-- that needs one and shared by all.
CREATE TABLE signing_keys (
    name       TEXT PRIMARY KEY,
    secret     TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL
);
