-- Case studies ("share success"): the problem, what was done, outcomes and lessons, in
-- Markdown and rendered to safe HTML on save (ADR 0005), with the organisations involved
-- (the author's first), principle and service tags and links to resources. Linked
-- resources are plain ids, not foreign keys, so this table does not depend on theirs.
CREATE TABLE case_studies (
    id                     INTEGER PRIMARY KEY,
    title                  TEXT NOT NULL,
    summary                TEXT NOT NULL,
    problem                TEXT NOT NULL,
    approach               TEXT NOT NULL,
    outcomes               TEXT NOT NULL,
    lessons                TEXT NOT NULL,
    problem_html           TEXT NOT NULL,
    approach_html          TEXT NOT NULL,
    outcomes_html          TEXT NOT NULL,
    lessons_html           TEXT NOT NULL,
    render_version         INTEGER NOT NULL,
    author_organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    created_by             INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL,
    hidden                 BOOLEAN NOT NULL DEFAULT FALSE,
    hidden_reason          TEXT NOT NULL DEFAULT '',
    hidden_at              TIMESTAMP,
    -- what search reads: the text, the organisations' names, the tags (filled by the store)
    search_text            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_studies_listed ON case_studies (hidden, created_at);
CREATE INDEX case_studies_author ON case_studies (author_organisation_id);

CREATE TABLE case_study_organisations (
    case_study_id   INTEGER NOT NULL REFERENCES case_studies (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    position        INTEGER NOT NULL,
    PRIMARY KEY (case_study_id, organisation_id)
);
CREATE INDEX case_study_organisations_org ON case_study_organisations (organisation_id, case_study_id);

CREATE TABLE case_study_principles (
    case_study_id INTEGER NOT NULL REFERENCES case_studies (id) ON DELETE CASCADE,
    principle     INTEGER NOT NULL CHECK (principle BETWEEN 1 AND 5),
    PRIMARY KEY (case_study_id, principle)
);
CREATE INDEX case_study_principles_principle ON case_study_principles (principle, case_study_id);

CREATE TABLE case_study_services (
    case_study_id INTEGER NOT NULL REFERENCES case_studies (id) ON DELETE CASCADE,
    service_code  INTEGER NOT NULL REFERENCES services (code),
    PRIMARY KEY (case_study_id, service_code)
);
CREATE INDEX case_study_services_service ON case_study_services (service_code, case_study_id);

CREATE TABLE case_study_links (
    case_study_id INTEGER NOT NULL REFERENCES case_studies (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    url           TEXT NOT NULL,
    resource_id   INTEGER, -- a resource in the library, when the link is to one
    PRIMARY KEY (case_study_id, position)
);
CREATE INDEX case_study_links_resource ON case_study_links (resource_id);

-- Full-text search (dialect.go): an external-content FTS5 index of search_text, kept by
-- triggers, rowid = case_studies.id.
CREATE VIRTUAL TABLE case_studies_fts USING fts5 (
    search_text, content = 'case_studies', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER case_studies_fts_insert AFTER INSERT ON case_studies BEGIN
    INSERT INTO case_studies_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER case_studies_fts_delete AFTER DELETE ON case_studies BEGIN
    INSERT INTO case_studies_fts (case_studies_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER case_studies_fts_update AFTER UPDATE OF search_text ON case_studies BEGIN
    INSERT INTO case_studies_fts (case_studies_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO case_studies_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
