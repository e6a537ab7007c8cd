-- Organisations, accounts, the Declaration and its signatures, the audit log and the
-- outbox. Times are written by the application in UTC.
CREATE TABLE organisations (
    id                      INTEGER PRIMARY KEY,
    slug                    TEXT NOT NULL UNIQUE,
    name                    TEXT NOT NULL,
    official_name           TEXT NOT NULL DEFAULT '',
    name_search             TEXT NOT NULL DEFAULT '',
    type_code               TEXT NOT NULL,
    type_name               TEXT NOT NULL,
    nation                  TEXT NOT NULL DEFAULT '',
    region                  TEXT NOT NULL DEFAULT '',
    gss_code                TEXT UNIQUE,
    la_code                 TEXT UNIQUE,
    website                 TEXT NOT NULL DEFAULT '',
    powers                  TEXT NOT NULL DEFAULT '',
    county_code             TEXT NOT NULL DEFAULT '',
    combined_authority_code TEXT NOT NULL DEFAULT '',
    -- the latest verified signature (it may since have been withdrawn); kept by the
    -- store in the transaction that verifies, so the register is one plain join
    published_signature_id  INTEGER,
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL
);
CREATE INDEX organisations_name ON organisations (name);
CREATE INDEX organisations_published ON organisations (published_signature_id);

CREATE TABLE organisation_domains (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    domain          TEXT NOT NULL,
    PRIMARY KEY (organisation_id, domain)
);
CREATE INDEX organisation_domains_domain ON organisation_domains (domain);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    organisation_id INTEGER REFERENCES organisations (id),
    role            TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'org_admin', 'platform_admin')),
    created_at      TIMESTAMP NOT NULL,
    last_sign_in_at TIMESTAMP
);

CREATE TABLE sign_in_tokens (
    token_hash TEXT PRIMARY KEY,
    email      TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);

CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    data       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE declarations (
    version      INTEGER PRIMARY KEY,
    published_on TEXT NOT NULL
);
INSERT INTO declarations (version, published_on) VALUES (1, '2018-07-04');

CREATE TABLE signatures (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id),
    declaration_version INTEGER NOT NULL REFERENCES declarations (version),
    status              TEXT NOT NULL CHECK (status IN ('awaiting_signers', 'awaiting_verification', 'verified', 'declined', 'rejected', 'withdrawn')),
    title               TEXT NOT NULL,
    partners            TEXT NOT NULL DEFAULT '',
    mission             TEXT NOT NULL,
    impact              TEXT NOT NULL,
    started_by          INTEGER REFERENCES users (id),
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    verified_at         TIMESTAMP,
    withdrawn_at        TIMESTAMP,
    rejected_reason     TEXT NOT NULL DEFAULT ''
);
-- One live signature per organisation per Declaration version.
CREATE UNIQUE INDEX signatures_one_live ON signatures (organisation_id, declaration_version)
    WHERE status IN ('awaiting_signers', 'awaiting_verification', 'verified');
CREATE INDEX signatures_org ON signatures (organisation_id, created_at);
CREATE INDEX signatures_status ON signatures (status, verified_at);

CREATE TABLE signers (
    id               INTEGER PRIMARY KEY,
    signature_id     INTEGER NOT NULL REFERENCES signatures (id),
    kind             TEXT NOT NULL CHECK (kind IN ('ceo', 'leader', 'senior')),
    name             TEXT NOT NULL,
    role             TEXT NOT NULL,
    email            TEXT NOT NULL,
    token_hash       TEXT NOT NULL UNIQUE,
    token_expires_at TIMESTAMP NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'declined')),
    responded_at     TIMESTAMP,
    UNIQUE (signature_id, kind)
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    actor_id    INTEGER,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER NOT NULL,
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    to_addr         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_at      TIMESTAMP,
    sent_at         TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
