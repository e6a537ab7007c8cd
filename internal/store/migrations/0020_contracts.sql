-- The contract register (issue 11 part 2, ADR 0015): organisations' contracts for the
-- systems they buy, and the suppliers they name.
--
-- Dates are TEXT written YYYY-MM-DD (model.ContractDate), as signatures' published_on:
-- they are days, not instants, and compare as text in both engines.

-- A known supplier. Contracts name one; the names written in forms and files reach it
-- through supplier_names, so "Capita", "Capita plc" and "CAPITA" are one supplier.
CREATE TABLE suppliers (
    id         {{id}},
    name       TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL
);

-- Every matching key (model.SupplierKey) known for a supplier. Merging supplier B into A
-- moves B's keys and contracts to A and deletes B.
CREATE TABLE supplier_names (
    match_key   TEXT PRIMARY KEY,
    supplier_id {{ref}} NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE
);
CREATE INDEX supplier_names_supplier ON supplier_names (supplier_id);

CREATE TABLE contracts (
    id                 {{id}},
    organisation_id    {{ref}} NOT NULL REFERENCES organisations (id),
    -- a model.ContractCategories slug
    category           TEXT NOT NULL,
    supplier_id        {{ref}} NOT NULL REFERENCES suppliers (id),
    product            TEXT NOT NULL DEFAULT '',
    start_date         TEXT NOT NULL,
    end_date           TEXT NOT NULL,
    -- the end of the possible extensions, or NULL when there are none
    extension_end_date TEXT,
    -- the later of end_date and extension_end_date, kept by the store: "ending
    -- together" with extensions reads it, as it reads end_date without
    final_end_date     TEXT NOT NULL,
    -- a model.ContractValueBands slug
    value_band         TEXT NOT NULL,
    -- 1 to 5, or NULL when not given
    satisfaction       INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    notes              TEXT NOT NULL DEFAULT '',
    visibility         TEXT NOT NULL CHECK (visibility IN ('public', 'signatories', 'organisation')),
    created_by         {{ref}} REFERENCES users (id) ON DELETE SET NULL,
    created_at         {{timestamp}} NOT NULL,
    updated_at         {{timestamp}} NOT NULL,
    CHECK (end_date >= start_date)
);
CREATE INDEX contracts_organisation ON contracts (organisation_id, category, end_date);
CREATE INDEX contracts_ending ON contracts (category, end_date);
CREATE INDEX contracts_final_ending ON contracts (category, final_end_date);
CREATE INDEX contracts_supplier ON contracts (supplier_id);
