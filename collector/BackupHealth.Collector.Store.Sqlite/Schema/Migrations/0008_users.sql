-- Version 8: people. Users of the web pages and the JSON API, their customer limits and API tokens; agent tokens
-- created in the web pages beside those from configuration.

-- password_hash is ASP.NET Core's PasswordHasher format (PBKDF2, salted). stamp changes whenever the password,
-- role, limits or disabled flag change, which ends every session and is checked on every request.
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash   TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'technician', 'viewer')),
    disabled        INTEGER NOT NULL DEFAULT 0,
    stamp           TEXT NOT NULL,
    failed_signins  INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER,
    created_at      INTEGER NOT NULL,
    created_by      TEXT NOT NULL,
    last_signin     INTEGER
);

-- A user with no rows here sees every customer; with rows, only those.
CREATE TABLE user_customers (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    PRIMARY KEY (user_id, customer_id)
) WITHOUT ROWID;

-- Tokens for scripts and monitoring (Authorization: Bearer bhu_...). Only the SHA-256 is kept, as for agents.
CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used  INTEGER,
    revoked    INTEGER
);

-- 'config' tokens follow Collector:Sites (revoked when no longer listed); 'web' tokens are created and revoked by
-- people in the agents page and are left alone by the configuration.
ALTER TABLE agent_tokens ADD COLUMN source TEXT NOT NULL DEFAULT 'config';
ALTER TABLE agent_tokens ADD COLUMN name TEXT;
ALTER TABLE agent_tokens ADD COLUMN created_by TEXT;
ALTER TABLE agent_tokens ADD COLUMN hint TEXT;
