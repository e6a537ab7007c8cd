-- Organisation search and the register's filters at any number of organisations (issue 7,
-- item 27). Full-text search over organisations.name_search (the names and aliases the
-- store writes there), through dialect.go: an external-content FTS5 index kept by
-- triggers, rowid = organisations.id. No stemming: people type the start of a name's
-- words ("north york", "borough"), which prefix queries find.
CREATE VIRTUAL TABLE organisations_fts USING fts5 (
    name_search, content = 'organisations', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO organisations_fts (organisations_fts) VALUES ('rebuild');
CREATE TRIGGER organisations_fts_insert AFTER INSERT ON organisations BEGIN
    INSERT INTO organisations_fts (rowid, name_search) VALUES (new.id, new.name_search);
END;
CREATE TRIGGER organisations_fts_delete AFTER DELETE ON organisations BEGIN
    INSERT INTO organisations_fts (organisations_fts, rowid, name_search) VALUES ('delete', old.id, old.name_search);
END;
CREATE TRIGGER organisations_fts_update AFTER UPDATE OF name_search ON organisations BEGIN
    INSERT INTO organisations_fts (organisations_fts, rowid, name_search) VALUES ('delete', old.id, old.name_search);
    INSERT INTO organisations_fts (rowid, name_search) VALUES (new.id, new.name_search);
END;

-- One index per register filter, each ending in the list's order (name, id), so that a
-- filtered page reads its rows in order and a filtered count reads only the index.
CREATE INDEX organisations_type ON organisations (type_code, name, id);
CREATE INDEX organisations_nation ON organisations (nation, name, id);
CREATE INDEX organisations_region ON organisations (region, name, id);
-- The whole list in name order with whether each has a published signature: a deep page
-- of signed=no (or of everything) steps over this index alone.
CREATE INDEX organisations_name_published ON organisations (name, id, published_signature_id);
-- The public register (signed or withdrawn) is bounded by the signatures, not by the
-- organisations: its rows in name order, wherever the organisations number 400 or 100,000.
CREATE INDEX organisations_signed_name ON organisations (name, id) WHERE published_signature_id IS NOT NULL;
-- Years in which published signatures were verified (the register's year filter).
CREATE INDEX signatures_verified ON signatures (verified_at) WHERE verified_at IS NOT NULL;
