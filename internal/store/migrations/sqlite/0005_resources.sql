-- The resources library: business cases, procurement briefs, patterns, code and more,
-- shared under a licence by the organisations that made them (the publisher's first),
-- tagged by principle and by LGSL service, with files (every version kept) and/or a
-- link; the "we use this" reuse register; members' reports; hiding by the platform team.
CREATE TABLE resources (
    id               INTEGER PRIMARY KEY,
    type             TEXT NOT NULL,
    title            TEXT NOT NULL,
    summary          TEXT NOT NULL,
    link             TEXT NOT NULL DEFAULT '',
    licence          TEXT NOT NULL,
    licence_other    TEXT NOT NULL DEFAULT '',
    publisher_org_id INTEGER NOT NULL REFERENCES organisations (id),
    published_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- organisations in resource_uses, kept in the transaction that adds or removes one
    use_count        INTEGER NOT NULL DEFAULT 0,
    hidden           BOOLEAN NOT NULL DEFAULT FALSE,
    hidden_reason    TEXT NOT NULL DEFAULT '',
    hidden_at        TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    -- what search reads: title, summary, tags and organisations' names (filled by the store)
    search_text      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX resources_listed ON resources (hidden, created_at);
CREATE INDEX resources_reused ON resources (hidden, use_count, created_at);

CREATE TABLE resource_organisations (
    resource_id     INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    position        INTEGER NOT NULL,
    PRIMARY KEY (resource_id, organisation_id)
);
CREATE INDEX resource_organisations_org ON resource_organisations (organisation_id, resource_id);

CREATE TABLE resource_principles (
    resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    principle   INTEGER NOT NULL CHECK (principle BETWEEN 1 AND 5),
    PRIMARY KEY (resource_id, principle)
);
CREATE INDEX resource_principles_principle ON resource_principles (principle, resource_id);

CREATE TABLE resource_services (
    resource_id  INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    service_code INTEGER NOT NULL REFERENCES services (code),
    PRIMARY KEY (resource_id, service_code)
);
CREATE INDEX resource_services_service ON resource_services (service_code, resource_id);

-- A file and its versions. stored_name is made by the file store (internal/files), never
-- taken from the uploader; name is what the uploader called the file, for display.
CREATE TABLE resource_files (
    id          INTEGER PRIMARY KEY,
    resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX resource_files_resource ON resource_files (resource_id);

CREATE TABLE resource_file_versions (
    id           INTEGER PRIMARY KEY,
    file_id      INTEGER NOT NULL REFERENCES resource_files (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    name         TEXT NOT NULL,
    stored_name  TEXT NOT NULL UNIQUE,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at  TIMESTAMP NOT NULL,
    UNIQUE (file_id, version)
);

-- The reuse register: one row per organisation and resource.
CREATE TABLE resource_uses (
    id              INTEGER PRIMARY KEY,
    resource_id     INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    how             TEXT NOT NULL DEFAULT '',
    user_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (organisation_id, resource_id)
);
CREATE INDEX resource_uses_resource ON resource_uses (resource_id, created_at);

CREATE TABLE resource_reports (
    id          INTEGER PRIMARY KEY,
    resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    reporter_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reason      TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP
);
CREATE INDEX resource_reports_open ON resource_reports (resolved_at, created_at);

-- Full-text search (dialect.go): an external-content FTS5 index of search_text, kept by
-- triggers, rowid = resources.id.
CREATE VIRTUAL TABLE resources_fts USING fts5 (
    search_text, content = 'resources', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER resources_fts_insert AFTER INSERT ON resources BEGIN
    INSERT INTO resources_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER resources_fts_delete AFTER DELETE ON resources BEGIN
    INSERT INTO resources_fts (resources_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER resources_fts_update AFTER UPDATE OF search_text ON resources BEGIN
    INSERT INTO resources_fts (resources_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO resources_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
