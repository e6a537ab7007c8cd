-- Markers of progress per organisation (issue 12): each value is kept, dated "as of", with
-- its evidence, so that an organisation's baseline (its value on signing) and its uplift
-- can be told. A digital strategy counts once the platform team has confirmed it.
CREATE TABLE organisation_markers (
    id              {{id}},
    organisation_id {{ref}} NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    marker          TEXT NOT NULL CHECK (marker IN ('digital_strategy', 'cyber_assessment', 'service_assessments', 'open_code')),
    as_of           {{timestamp}} NOT NULL,
    -- cyber_assessment: not_started, in_progress or complete; service_assessments: a count
    value           TEXT NOT NULL DEFAULT '',
    url             TEXT NOT NULL DEFAULT '',
    set_by          {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    confirmed_at    {{timestamp}},
    confirmed_by    {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    created_at      {{timestamp}} NOT NULL
);
CREATE INDEX organisation_markers_by_organisation ON organisation_markers (organisation_id, marker, as_of);

-- The Digital Marketplace's published opportunities (`localdigital import marketplace`),
-- each kept once by its ID, and their buyers as the export names them: matched to an
-- organisation (by email domain or name, or by a platform admin), waiting for review at
-- /admin/marketplace, or ignored. The decision is remembered for later imports.
CREATE TABLE marketplace_buyers (
    id              {{id}},
    -- the name (lower case, spaces single) and domain: a buyer as the export names it
    buyer_key       TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    domain          TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('matched', 'review', 'ignored')),
    organisation_id {{ref}} REFERENCES organisations (id) ON DELETE SET NULL,
    -- why it is in review: a domain two organisations share, or no organisation found
    reason          TEXT NOT NULL DEFAULT '',
    decided_by      {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    decided_at      {{timestamp}},
    created_at      {{timestamp}} NOT NULL,
    CHECK ((status = 'matched') = (organisation_id IS NOT NULL))
);
CREATE INDEX marketplace_buyers_by_organisation ON marketplace_buyers (organisation_id);
CREATE TABLE marketplace_opportunities (
    id             {{id}},
    opportunity_id TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL,
    link           TEXT NOT NULL DEFAULT '',
    buyer_id       {{ref}} NOT NULL REFERENCES marketplace_buyers (id),
    published_at   {{timestamp}} NOT NULL,
    imported_at    {{timestamp}} NOT NULL
);
CREATE INDEX marketplace_opportunities_by_buyer ON marketplace_opportunities (buyer_id, published_at);
