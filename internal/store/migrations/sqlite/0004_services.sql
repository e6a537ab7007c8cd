-- The Local Government Service List, imported with `localdigital import services`.
CREATE TABLE services (
    code              INTEGER PRIMARY KEY,
    label             TEXT NOT NULL,
    label_search      TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    govuk_description TEXT NOT NULL DEFAULT '',
    providing_tier    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX services_label ON services (label);
