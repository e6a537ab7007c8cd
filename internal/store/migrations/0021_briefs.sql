-- Joint briefs (issue 11 part 3, ADR 0015): Digital Outcomes briefs written by a lead
-- organisation with co-signing organisations. A brief is a draft, then awaits its
-- co-signers, is published once every co-signer has confirmed, and is closed by the lead;
-- a co-signer's decline returns it to draft with the reason. Dates are TEXT written
-- YYYY-MM-DD, as contracts' (0020).
CREATE TABLE briefs (
    id                      {{id}},
    lead_org_id             {{ref}} NOT NULL REFERENCES organisations (id),
    status                  TEXT NOT NULL DEFAULT 'draft'
                            CHECK (status IN ('draft', 'awaiting_cosigners', 'published', 'closed')),
    title                   TEXT NOT NULL,
    -- a model.ContractCategories slug, or '': the kind of system it buys
    category                TEXT NOT NULL DEFAULT '',
    background              TEXT NOT NULL,
    outcome                 TEXT NOT NULL,
    end_users               TEXT NOT NULL,
    early_market_engagement TEXT NOT NULL DEFAULT '',
    work_already_done       TEXT NOT NULL DEFAULT '',
    phase                   TEXT NOT NULL CHECK (phase IN ('discovery', 'alpha', 'beta', 'live')),
    existing_team           TEXT NOT NULL DEFAULT '',
    location                TEXT NOT NULL,
    start_date              TEXT NOT NULL,
    contract_length         TEXT NOT NULL,
    budget_range            TEXT NOT NULL DEFAULT '',
    security_clearance      TEXT NOT NULL DEFAULT '',
    technical_weighting     INTEGER NOT NULL,
    cultural_weighting      INTEGER NOT NULL,
    price_weighting         INTEGER NOT NULL,
    social_value_weighting  INTEGER NOT NULL,
    questions_deadline      TEXT NOT NULL,
    language                TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy')),
    -- why the last co-signer to decline did, and who: shown to the lead in draft
    decline_reason          TEXT NOT NULL DEFAULT '',
    declined_by_org_id      {{ref}} REFERENCES organisations (id),
    created_by              {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    created_at              {{timestamp}} NOT NULL,
    updated_at              {{timestamp}} NOT NULL,
    published_at            {{timestamp}},
    closed_at               {{timestamp}},
    CHECK (technical_weighting + cultural_weighting + price_weighting + social_value_weighting = 100)
);
CREATE INDEX briefs_listed ON briefs (status, published_at);
CREATE INDEX briefs_lead ON briefs (lead_org_id, status);

CREATE TABLE brief_cosigners (
    brief_id        {{ref}} NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
    organisation_id {{ref}} NOT NULL REFERENCES organisations (id),
    position        INTEGER NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'declined')),
    decided_by      {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    decided_at      {{timestamp}},
    PRIMARY KEY (brief_id, organisation_id)
);
CREATE INDEX brief_cosigners_organisation ON brief_cosigners (organisation_id, status);
