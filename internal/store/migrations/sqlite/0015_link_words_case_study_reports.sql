-- The words that stand in a sent email's stored body for the link it carried are written
-- with the email, in its language (the catalog's emails.link_removed), rather than fixed
-- here. Emails queued before keep the English words they would have had.
ALTER TABLE outbox ADD COLUMN link_removed TEXT NOT NULL DEFAULT '';
UPDATE outbox SET link_removed = '[link removed after sending]' WHERE link <> '';

-- Members report case studies as they report resources (store/moderation.go).
CREATE TABLE case_study_reports (
    id            INTEGER PRIMARY KEY,
    case_study_id INTEGER NOT NULL REFERENCES case_studies (id) ON DELETE CASCADE,
    reporter_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reason        TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    resolved_at   TIMESTAMP
);
CREATE INDEX case_study_reports_open ON case_study_reports (resolved_at, created_at);
