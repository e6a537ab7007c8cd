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
