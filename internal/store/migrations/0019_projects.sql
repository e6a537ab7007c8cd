-- Projects (issue 11): what councils are working on, led by one organisation with partners
-- that joined, tagged like case studies (organisations in order: the lead first, then the
-- partners), with links to resources, updates (sprint notes) and requests to join.
CREATE TABLE projects (
    id                   {{id}},
    title                TEXT NOT NULL,
    summary              TEXT NOT NULL,
    problem              TEXT NOT NULL,
    users                TEXT NOT NULL,
    phase                TEXT NOT NULL CHECK (phase IN ('concept', 'discovery', 'alpha', 'beta', 'live', 'retired')),
    collaboration        TEXT NOT NULL CHECK (collaboration IN ('sharing-ideas', 'open-to-conversation', 'seeking-partners', 'sharing-funding')),
    funding              TEXT NOT NULL CHECK (funding IN ('unknown', 'up-to-50k', '50k-100k', '100k-250k', '250k-500k', '500k-1m', 'over-1m')),
    starts_on            {{timestamp}} NOT NULL,
    ends_on              {{timestamp}} NOT NULL,
    assessment_on        {{timestamp}},
    -- the kind of system it replaces or needs: a contract category's slug (model.ContractCategories), or ''
    system_category      TEXT NOT NULL DEFAULT '',
    language             TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy')),
    lead_organisation_id {{ref}} NOT NULL REFERENCES organisations (id),
    signature_id         {{ref}} REFERENCES signatures (id) ON DELETE SET NULL,
    created_by           {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    created_at           {{timestamp}} NOT NULL,
    updated_at           {{timestamp}} NOT NULL,
    -- the last update posted, or the project's creation: "gone quiet" counts from here
    last_update_at       {{timestamp}} NOT NULL,
    -- the 60-day reminder sent since last_update_at (the job claims rows where it is NULL)
    reminded_at          {{timestamp}},
    hidden               BOOLEAN NOT NULL DEFAULT FALSE,
    search_text          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX projects_lead ON projects (lead_organisation_id);
CREATE INDEX projects_last_update ON projects (last_update_at, id);
CREATE INDEX projects_created ON projects (created_at, id);
CREATE INDEX projects_signature ON projects (signature_id);
{{fullText "projects"}}

CREATE TABLE project_organisations (
    project_id      {{ref}} NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    organisation_id {{ref}} NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    PRIMARY KEY (project_id, organisation_id)
);
CREATE INDEX project_organisations_organisation ON project_organisations (organisation_id);

CREATE TABLE project_principles (
    project_id {{ref}} NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    principle  INTEGER NOT NULL CHECK (principle BETWEEN 1 AND 5),
    PRIMARY KEY (project_id, principle)
);

CREATE TABLE project_services (
    project_id   {{ref}} NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    service_code INTEGER NOT NULL REFERENCES services (code),
    PRIMARY KEY (project_id, service_code)
);
CREATE INDEX project_services_service ON project_services (service_code);

CREATE TABLE project_links (
    project_id  {{ref}} NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    url         TEXT NOT NULL,
    resource_id {{ref}}, -- a resource in the library, when the link is to one
    PRIMARY KEY (project_id, position)
);
CREATE INDEX project_links_resource ON project_links (resource_id);

CREATE TABLE project_updates (
    id              {{id}},
    project_id      {{ref}} NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    organisation_id {{ref}} NOT NULL REFERENCES organisations (id),
    author_id       {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    body            TEXT NOT NULL,
    body_html       TEXT NOT NULL,
    render_version  INTEGER NOT NULL,
    created_at      {{timestamp}} NOT NULL
);
CREATE INDEX project_updates_project ON project_updates (project_id, created_at);
CREATE INDEX project_updates_created ON project_updates (created_at, id);

-- A request to join as a partner: at most one pending per project and organisation.
CREATE TABLE project_join_requests (
    id              {{id}},
    project_id      {{ref}} NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    organisation_id {{ref}} NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    asked_by        {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    message         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined')),
    created_at      {{timestamp}} NOT NULL,
    decided_by      {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    decided_at      {{timestamp}}
);
CREATE UNIQUE INDEX project_join_requests_pending ON project_join_requests (project_id, organisation_id) WHERE status = 'pending';
CREATE INDEX project_join_requests_organisation ON project_join_requests (organisation_id);
