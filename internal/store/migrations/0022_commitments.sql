-- Commitments through their year and the quarterly self-assessment (issue 12).
--
-- commitments: one row per published signature (made in the transaction that verifies
-- it; signatures verified before this migration get theirs from the commitments job, as
-- the due date is worked out in Go). The commitment is due 12 months after verification.
-- status is what the organisation last said (on_track, at_risk, delivered, stopped), or
-- overdue, which the job sets when due_at passes without delivered or stopped; it stays
-- overdue after an on_track or at_risk check-in. next_check_in_at is when the next
-- quarterly check-in email to the organisation's admins is due (NULL once delivered or
-- stopped); check_ins_sent is the number of the last quarter after verification emailed.
CREATE TABLE commitments (
    id               {{id}},
    signature_id     {{ref}} NOT NULL UNIQUE REFERENCES signatures (id),
    organisation_id  {{ref}} NOT NULL REFERENCES organisations (id),
    status           TEXT NOT NULL DEFAULT 'on_track' CHECK (status IN ('on_track', 'at_risk', 'delivered', 'stopped', 'overdue')),
    due_at           {{timestamp}} NOT NULL,
    next_check_in_at {{timestamp}},
    check_ins_sent   INTEGER NOT NULL DEFAULT 0,
    status_at        {{timestamp}} NOT NULL,
    created_at       {{timestamp}} NOT NULL
);
CREATE INDEX commitments_organisation ON commitments (organisation_id);
CREATE INDEX commitments_status ON commitments (status, due_at);
CREATE INDEX commitments_next_check_in ON commitments (next_check_in_at);

-- A check-in: what a member of the organisation said about the commitment, as of a day
-- (YYYY-MM-DD, not in the future). what_happened is Markdown; evidence holds http(s)
-- links, one a line. Every check-in is kept: the organisation page shows them as a timeline.
CREATE TABLE commitment_check_ins (
    id              {{id}},
    commitment_id   {{ref}} NOT NULL REFERENCES commitments (id),
    organisation_id {{ref}} NOT NULL REFERENCES organisations (id),
    author_id       {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    status          TEXT NOT NULL CHECK (status IN ('on_track', 'at_risk', 'delivered', 'stopped')),
    what_happened   TEXT NOT NULL,
    evidence        TEXT NOT NULL DEFAULT '',
    language        TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy')),
    as_of           TEXT NOT NULL,
    created_at      {{timestamp}} NOT NULL
);
CREATE INDEX commitment_check_ins_commitment ON commitment_check_ins (commitment_id, as_of);

-- A self-assessment against the five principles, for the calendar quarter (year,
-- quarter 1 to 4) of its as_of day. An organisation may assess itself again within a
-- quarter: only the latest counts, and latest marks it (one per organisation and quarter).
CREATE TABLE self_assessments (
    id              {{id}},
    organisation_id {{ref}} NOT NULL REFERENCES organisations (id),
    author_id       {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    year            INTEGER NOT NULL,
    quarter         INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    as_of           TEXT NOT NULL,
    language        TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy')),
    latest          BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      {{timestamp}} NOT NULL
);
CREATE UNIQUE INDEX self_assessments_latest ON self_assessments (organisation_id, year, quarter) WHERE latest;
CREATE INDEX self_assessments_quarter ON self_assessments (year, quarter);

-- Each principle's level (1 to 4, worded in the catalog) and a sentence of evidence.
CREATE TABLE self_assessment_levels (
    self_assessment_id {{ref}} NOT NULL REFERENCES self_assessments (id) ON DELETE CASCADE,
    principle          INTEGER NOT NULL CHECK (principle BETWEEN 1 AND 5),
    level              INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    evidence           TEXT NOT NULL,
    PRIMARY KEY (self_assessment_id, principle)
);
