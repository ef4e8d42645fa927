-- Version 13: enrolment tokens and per-agent certificates (docs/security.md). A token's secret is kept only as its
-- SHA-256; times are unix ms. A certificate row is the collector's record of what it issued: its serial is checked on
-- every stream, so revoking (revoked) or replacing it (replaced: a renewed certificate of the agent was used) takes
-- effect at the agent's next stream, and a revoke also ends the open one.
CREATE TABLE enrolment_tokens (
    id          INTEGER PRIMARY KEY,
    site_id     INTEGER NOT NULL REFERENCES sites (id),
    secret_hash TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    created     INTEGER NOT NULL,
    expires     INTEGER NOT NULL,
    max_uses    INTEGER NOT NULL,
    uses        INTEGER NOT NULL DEFAULT 0,
    last_used   INTEGER,
    revoked     INTEGER
);

CREATE TABLE agent_certificates (
    serial     TEXT    PRIMARY KEY,
    site_id    INTEGER NOT NULL REFERENCES sites (id),
    agent_key  TEXT    NOT NULL,
    key_sha256 TEXT    NOT NULL,
    host_name  TEXT    NOT NULL DEFAULT '',
    not_before INTEGER NOT NULL,
    not_after  INTEGER NOT NULL,
    issued     INTEGER NOT NULL,
    issued_by  TEXT    NOT NULL,
    first_used INTEGER,
    replaced   INTEGER,
    revoked    INTEGER
);

CREATE INDEX agent_certificates_agent ON agent_certificates (site_id, agent_key, issued DESC);
