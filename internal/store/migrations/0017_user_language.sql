-- The language a person reads their emails in (issue 9): the language of the page on
-- which they last asked for a sign-in link or chose it on their account page. A sign-in
-- link asked for before the account exists carries the language to the account it makes.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy'));
ALTER TABLE sign_in_tokens ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy'));
