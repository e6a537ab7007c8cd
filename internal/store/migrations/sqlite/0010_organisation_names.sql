-- Organisation names and addresses. The register's official name is the organisation's
-- name; the other names it is known by (short, GOV.UK's, earlier ones) are aliases that
-- search finds (organisations.name_search holds the name and every alias). A name a
-- platform admin corrected (name_corrected_at) is kept by later imports. Addresses an
-- organisation had before (organisation_slugs) redirect to its current one.
ALTER TABLE organisations ADD COLUMN name_corrected_at TIMESTAMP;

CREATE TABLE organisation_aliases (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    -- import: from the register file (replaced by each import); admin: a name a
    -- platform admin corrected (kept)
    source          TEXT NOT NULL CHECK (source IN ('import', 'admin')),
    PRIMARY KEY (organisation_id, name)
);

CREATE TABLE organisation_slugs (
    slug            TEXT PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX organisation_slugs_organisation ON organisation_slugs (organisation_id);

-- Earlier imports preferred GOV.UK's name: show the official one, keep the other as an
-- alias. (Organisations added by hand have official_name = name.) A Go step after this
-- file (store.mendOrganisationNames) then rewrites name_search with the aliases, and mends
-- slugs that dropped accented letters ("ynys-m-n" becomes "ynys-mon"), keeping the old
-- ones in organisation_slugs.
INSERT INTO organisation_aliases (organisation_id, name, source)
SELECT id, name, 'import' FROM organisations WHERE official_name <> '' AND official_name <> name;
UPDATE organisations SET name = official_name WHERE official_name <> '' AND official_name <> name;
