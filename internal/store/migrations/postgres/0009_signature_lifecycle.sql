-- The signature lifecycle: a pending signature can be cancelled (status 'cancelled', when
-- and why); a withdrawal carries its reason; the signing journey's answers are kept per
-- person, so that a session that ends does not lose them. (SQLite edits its CHECK in
-- place; see its migration.)
ALTER TABLE signatures DROP CONSTRAINT signatures_status_check;
ALTER TABLE signatures ADD CONSTRAINT signatures_status_check CHECK (status IN
    ('awaiting_signers', 'awaiting_verification', 'verified', 'declined', 'rejected', 'withdrawn', 'cancelled'));

ALTER TABLE signatures ADD COLUMN withdrawn_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE signatures ADD COLUMN cancelled_at TIMESTAMPTZ;
ALTER TABLE signatures ADD COLUMN cancelled_reason TEXT NOT NULL DEFAULT '';

-- The public history: every signature that was ever published, per organisation.
CREATE INDEX signatures_history ON signatures (verified_at, organisation_id);

-- A person's signing journey in progress (JSON), kept until they submit it.
CREATE TABLE signing_drafts (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    data       TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
