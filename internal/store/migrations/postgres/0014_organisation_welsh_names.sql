-- Organisations' names in Welsh (issue 9): the statutory Welsh name of a Welsh council
-- ("Cyngor Caerdydd"), shown on Welsh pages where present. Empty for most organisations.
-- Search finds it through name_search, which the store writes (the Welsh names are
-- aliases of source 'welsh').
ALTER TABLE organisations ADD COLUMN welsh_name TEXT NOT NULL DEFAULT '';
