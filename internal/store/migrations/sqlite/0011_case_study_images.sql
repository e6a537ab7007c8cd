-- Images uploaded for case studies, served at /case-study-images/{stored_name}. The
-- file is in the file store under stored_name, a name the store made.
CREATE TABLE case_study_images (
    id              INTEGER PRIMARY KEY,
    stored_name     TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size            BIGINT NOT NULL,
    sha256          TEXT NOT NULL,
    organisation_id INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
    uploaded_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at     TIMESTAMP NOT NULL
);
