-- A migration written once for both engines that uses every word dialect.go translates
-- and every type both engines read alike. The store tests apply it after the real
-- migrations (TestEnginesHaveTheSameSchema, TestMigrationWrittenOnce).
CREATE TABLE shared_form_notes (
    id              {{id}},
    organisation_id {{ref}} NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    written_by      {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    title           TEXT NOT NULL,
    details_json    TEXT NOT NULL DEFAULT '{}',
    views           INTEGER NOT NULL DEFAULT 0,
    hidden          BOOLEAN NOT NULL DEFAULT FALSE,
    written_at      {{timestamp}} NOT NULL,
    hidden_at       {{timestamp}},
    search_text     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX shared_form_notes_written ON shared_form_notes (organisation_id, written_at);
{{fullText "shared_form_notes"}}
ALTER TABLE users ADD COLUMN last_note_at {{timestamp}};
