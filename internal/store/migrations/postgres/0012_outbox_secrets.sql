-- Sent emails keep no working link: an email carrying a sign-in or senior signer's link
-- records the link here, and the link is taken out of the body once the email is sent
-- (or, for the log sender used locally, once it expires).
ALTER TABLE outbox ADD COLUMN link TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN link_expires_at TIMESTAMPTZ;
CREATE INDEX outbox_link_expires ON outbox (link_expires_at) WHERE link <> '';
-- Sent emails are deleted after 90 days.
CREATE INDEX outbox_sent ON outbox (status, sent_at);

-- Rate-limit keys are now hashed, so that they hold no email address; the old plain keys
-- (windows of minutes) are simply forgotten.
DELETE FROM rate_limits;

-- /readyz writes here, while writes are failing, to find out when they work again.
CREATE TABLE write_probe (
    id         INTEGER PRIMARY KEY,
    checked_at TIMESTAMPTZ NOT NULL
);
