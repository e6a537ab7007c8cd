-- The words that stand in a sent email's stored body for the link it carried are written
-- with the email, in its language (the catalog's emails.link_removed), rather than fixed
-- here. Emails queued before keep the English words they would have had.
ALTER TABLE outbox ADD COLUMN link_removed TEXT NOT NULL DEFAULT '';
UPDATE outbox SET link_removed = '[link removed after sending]' WHERE link <> '';
