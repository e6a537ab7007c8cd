-- The language people wrote their own words in: a signature's commitment, a resource, a
-- case study, an event. Pages mark the text with it (lang) and lists filter by it. Every
-- row written before was written on the English-only platform, so English is true of it.
ALTER TABLE signatures ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy'));
ALTER TABLE resources ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy'));
ALTER TABLE case_studies ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy'));
ALTER TABLE events ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy'));
