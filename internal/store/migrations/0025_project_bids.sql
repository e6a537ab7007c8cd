-- A funded bid becomes a project when its round's outcomes are published (issue 13): the
-- project keeps the bid it came from, at most one project a bid.
ALTER TABLE projects ADD COLUMN bid_id {{ref}} REFERENCES funding_bids (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX projects_bid ON projects (bid_id);
