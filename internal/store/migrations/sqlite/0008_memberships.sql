-- A person may belong to several organisations (councils that share an email domain):
-- each membership has its own role, and says how it came about: 'domain' (their email
-- domain is one of the organisation's, re-checked at every sign-in) or 'manual' (a
-- platform admin attached them, kept until removed). users.organisation_id is kept for
-- old rows but no longer read; users.role keeps only the platform-wide role.
CREATE TABLE memberships (
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    role            TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'org_admin')),
    source          TEXT NOT NULL CHECK (source IN ('domain', 'manual')),
    created_at      TIMESTAMP NOT NULL,
    -- set when an org admin removed the person: not a membership any more, and not made
    -- again at sign-in from the domain (a platform admin can attach them again)
    removed_at      TIMESTAMP,
    PRIMARY KEY (user_id, organisation_id)
);
CREATE INDEX memberships_organisation ON memberships (organisation_id);

INSERT INTO memberships (user_id, organisation_id, role, source, created_at)
SELECT u.id, u.organisation_id,
       CASE WHEN u.role = 'org_admin' THEN 'org_admin' ELSE 'member' END,
       CASE WHEN EXISTS (SELECT 1 FROM organisation_domains d WHERE d.organisation_id = u.organisation_id
                         AND d.domain = substr(u.email, instr(u.email, '@') + 1)) THEN 'domain' ELSE 'manual' END,
       u.created_at
FROM users u WHERE u.organisation_id IS NOT NULL;

UPDATE users SET role = 'member' WHERE role = 'org_admin';
