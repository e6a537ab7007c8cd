-- The signature lifecycle: a pending signature can be cancelled (status 'cancelled', when
-- and why); a withdrawal carries its reason; the signing journey's answers are kept per
-- person, so that a session that ends does not lose them.
--
-- SQLite cannot ALTER a CHECK constraint, and the usual table rebuild needs foreign keys
-- off, which cannot change inside a migration's transaction (signers refers to
-- signatures). Adding a value to the IN list only widens the CHECK, which existing rows
-- already meet, so the stored table definition is edited in place, the procedure SQLite
-- documents for changing CHECK constraints (https://sqlite.org/lang_altertable.html,
-- "making other kinds of table schema changes"); RESET reloads the schema on every
-- connection. PostgreSQL replaces the constraint.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''declined'', ''rejected'', ''withdrawn''))', '''declined'', ''rejected'', ''withdrawn'', ''cancelled''))')
 WHERE type = 'table' AND name = 'signatures';
PRAGMA writable_schema = RESET;

ALTER TABLE signatures ADD COLUMN withdrawn_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE signatures ADD COLUMN cancelled_at TIMESTAMP;
ALTER TABLE signatures ADD COLUMN cancelled_reason TEXT NOT NULL DEFAULT '';

-- The public history: every signature that was ever published, per organisation.
CREATE INDEX signatures_history ON signatures (verified_at, organisation_id);

-- A person's signing journey in progress (JSON), kept until they submit it.
CREATE TABLE signing_drafts (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    data       TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
