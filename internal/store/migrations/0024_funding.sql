-- Funding rounds (issue 13): rounds with their caps, rules and criteria; bids (expressions
-- of interest and applications) with their partners and budget lines; questions and
-- answers; assessors' assignments and scores. Amounts are whole pounds.
-- The assessor role is held across the platform, as platform_admin is (users.role): a
-- person may be both, so it is a flag of its own.
ALTER TABLE users ADD COLUMN assessor BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE funding_rounds (
    id             {{id}},
    name           TEXT NOT NULL,
    prospectus     TEXT NOT NULL DEFAULT '',
    opens_at       {{timestamp}} NOT NULL,
    eoi_closes_at  {{timestamp}},
    closes_at      {{timestamp}} NOT NULL,
    decisions_at   {{timestamp}} NOT NULL,
    cap_discovery  INTEGER NOT NULL CHECK (cap_discovery >= 0),
    cap_alpha      INTEGER NOT NULL CHECK (cap_alpha >= 0),
    cap_beta       INTEGER NOT NULL CHECK (cap_beta >= 0),
    min_partners   INTEGER NOT NULL CHECK (min_partners >= 0),
    max_lead_bids  INTEGER NOT NULL CHECK (max_lead_bids >= 1),
    -- when the site recorded that the round opened (once, by the job that claims it), and
    -- when the platform team published its outcomes
    opened_at              {{timestamp}},
    outcomes_published_at  {{timestamp}},
    created_at     {{timestamp}} NOT NULL,
    updated_at     {{timestamp}} NOT NULL
);
CREATE INDEX funding_rounds_opens ON funding_rounds (opens_at);

CREATE TABLE funding_criteria (
    id        {{id}},
    round_id  {{ref}} NOT NULL REFERENCES funding_rounds (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    weight    INTEGER NOT NULL CHECK (weight >= 1)
);
CREATE UNIQUE INDEX funding_criteria_position ON funding_criteria (round_id, position);

CREATE TABLE funding_bids (
    id               {{id}},
    round_id         {{ref}} NOT NULL REFERENCES funding_rounds (id),
    lead_id          {{ref}} NOT NULL REFERENCES organisations (id),
    stage            TEXT NOT NULL CHECK (stage IN ('eoi', 'application')),
    status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    title            TEXT NOT NULL,
    problem          TEXT NOT NULL DEFAULT '',
    users_served     TEXT NOT NULL DEFAULT '',
    phase            TEXT NOT NULL CHECK (phase IN ('discovery', 'alpha', 'beta')),
    reuse            TEXT NOT NULL DEFAULT '',
    team             TEXT NOT NULL DEFAULT '',
    timeline         TEXT NOT NULL DEFAULT '',
    amount           INTEGER NOT NULL DEFAULT 0,
    created_by       {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    created_at       {{timestamp}} NOT NULL,
    updated_at       {{timestamp}} NOT NULL,
    submitted_by     {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    submitted_at     {{timestamp}},
    outcome          TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'invited', 'not_invited', 'funded', 'not_funded')),
    awarded          INTEGER NOT NULL DEFAULT 0 CHECK (awarded >= 0),
    decided_at       {{timestamp}}
);
CREATE INDEX funding_bids_round ON funding_bids (round_id, status);
CREATE INDEX funding_bids_lead ON funding_bids (lead_id, round_id);

CREATE TABLE funding_budget_items (
    bid_id    {{ref}} NOT NULL REFERENCES funding_bids (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    item      TEXT NOT NULL,
    amount    INTEGER NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (bid_id, position)
);

CREATE TABLE funding_bid_partners (
    bid_id           {{ref}} NOT NULL REFERENCES funding_bids (id) ON DELETE CASCADE,
    organisation_id  {{ref}} NOT NULL REFERENCES organisations (id),
    confirmed_by     {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    confirmed_at     {{timestamp}},
    PRIMARY KEY (bid_id, organisation_id)
);
CREATE INDEX funding_bid_partners_org ON funding_bid_partners (organisation_id);

CREATE TABLE funding_questions (
    id           {{id}},
    round_id     {{ref}} NOT NULL REFERENCES funding_rounds (id) ON DELETE CASCADE,
    asked_by     {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    question     TEXT NOT NULL,
    asked_at     {{timestamp}} NOT NULL,
    answer       TEXT NOT NULL DEFAULT '',
    answered_at  {{timestamp}}
);
CREATE INDEX funding_questions_round ON funding_questions (round_id, answered_at);

CREATE TABLE funding_assignments (
    bid_id       {{ref}} NOT NULL REFERENCES funding_bids (id) ON DELETE CASCADE,
    assessor_id  {{ref}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    assigned_at  {{timestamp}} NOT NULL,
    PRIMARY KEY (bid_id, assessor_id)
);
CREATE INDEX funding_assignments_assessor ON funding_assignments (assessor_id);

CREATE TABLE funding_scores (
    bid_id        {{ref}} NOT NULL REFERENCES funding_bids (id) ON DELETE CASCADE,
    assessor_id   {{ref}} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    criterion_id  {{ref}} NOT NULL REFERENCES funding_criteria (id) ON DELETE CASCADE,
    score         INTEGER NOT NULL CHECK (score >= 0 AND score <= 5),
    comment       TEXT NOT NULL DEFAULT '',
    scored_at     {{timestamp}} NOT NULL,
    PRIMARY KEY (bid_id, assessor_id, criterion_id)
);
