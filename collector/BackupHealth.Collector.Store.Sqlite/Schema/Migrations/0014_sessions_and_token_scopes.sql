-- Version 14: sessions on the server, API token scopes and expiry, lock-outs per user and address.

-- One row per signed-in browser session (docs/sign-in.md). The cookie carries only a random key, of which this keeps
-- the SHA-256; ticket is the serialized sign-in (user, role, customers, stamp), expires its end (unix ms). Signing out,
-- a new password or disabling the user deletes the rows, so a copied cookie stops working at once.
CREATE TABLE sessions (
    key_hash TEXT    PRIMARY KEY,
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ticket   BLOB    NOT NULL,
    created  INTEGER NOT NULL,
    expires  INTEGER NOT NULL,
    address  TEXT
);

CREATE INDEX sessions_user ON sessions (user_id);

-- 'read' tokens may only GET/HEAD; existing tokens keep doing what they did. expires NULL: until revoked.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'read-write' CHECK (scope IN ('read', 'read-write'));
ALTER TABLE api_tokens ADD COLUMN expires INTEGER;

-- The lock-out is per (user, source address) and kept in memory now: one stranger can no longer lock a user out.
ALTER TABLE users DROP COLUMN failed_signins;
ALTER TABLE users DROP COLUMN locked_until;
