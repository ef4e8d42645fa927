-- BackupHealth collector schema, version 1.
-- Times are integer unix milliseconds (UTC). Status and state values are lower-case words.

CREATE TABLE customers (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE sites (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    name        TEXT NOT NULL,
    UNIQUE (customer_id, name)
);

-- Only the SHA-256 (hex) of an agent token is kept; the token itself never reaches the database.
CREATE TABLE agent_tokens (
    token_hash TEXT PRIMARY KEY,
    site_id    INTEGER NOT NULL REFERENCES sites (id),
    created    INTEGER NOT NULL,
    revoked    INTEGER
);

-- agent_key is the id the agent chose for itself, unique within its site.
-- open_streams counts the agent's open ingest streams; a reconnect can overlap the end of the old stream.
CREATE TABLE agents (
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER NOT NULL REFERENCES sites (id),
    agent_key    TEXT NOT NULL,
    host_name    TEXT NOT NULL,
    os           TEXT NOT NULL,
    version      TEXT NOT NULL,
    first_seen   INTEGER NOT NULL,
    last_seen    INTEGER NOT NULL,
    open_streams INTEGER NOT NULL DEFAULT 0,
    probes       TEXT NOT NULL,
    outbox_depth INTEGER,
    UNIQUE (site_id, agent_key)
);

CREATE TABLE probe_health (
    agent_id             INTEGER NOT NULL REFERENCES agents (id),
    probe_name           TEXT NOT NULL,
    probe_type           TEXT NOT NULL,
    state                TEXT NOT NULL,
    message              TEXT NOT NULL,
    last_run             INTEGER,
    last_success         INTEGER,
    consecutive_failures INTEGER NOT NULL,
    reported_at          INTEGER NOT NULL,
    PRIMARY KEY (agent_id, probe_name)
) WITHOUT ROWID;

CREATE TABLE inventory_items (
    agent_id    INTEGER NOT NULL REFERENCES agents (id),
    probe_name  TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    name        TEXT NOT NULL,
    power_state TEXT NOT NULL,
    hypervisor  TEXT NOT NULL,
    attributes  TEXT,
    taken_at    INTEGER,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (agent_id, probe_name, item_id)
) WITHOUT ROWID;

-- The latest_* and last_success columns are kept up to date by every commit that adds observations, so that
-- listing jobs never scans observations. latest_time orders runs: end time, else start, else observed, else received.
CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY,
    agent_id         INTEGER NOT NULL REFERENCES agents (id),
    job_key          TEXT NOT NULL,
    name             TEXT NOT NULL,
    source_kind      TEXT NOT NULL,
    protected_object TEXT NOT NULL,
    latest_status    TEXT,
    latest_start     INTEGER,
    latest_end       INTEGER,
    latest_size      INTEGER,
    latest_time      INTEGER,
    last_success     INTEGER,
    UNIQUE (agent_id, job_key)
);

-- One row per (agent, observation id): a re-sent observation is ignored.
CREATE TABLE observations (
    id                  INTEGER PRIMARY KEY,
    agent_id            INTEGER NOT NULL REFERENCES agents (id),
    observation_id      TEXT NOT NULL,
    job_id              INTEGER NOT NULL REFERENCES jobs (id),
    status              TEXT NOT NULL,
    start_time          INTEGER,
    end_time            INTEGER,
    run_time            INTEGER NOT NULL,
    size_bytes          INTEGER NOT NULL,
    verification        TEXT NOT NULL,
    verification_detail TEXT NOT NULL,
    message             TEXT NOT NULL,
    attributes          TEXT,
    probe_name          TEXT NOT NULL,
    observed_at         INTEGER,
    received_at         INTEGER NOT NULL,
    UNIQUE (agent_id, observation_id)
);

CREATE INDEX observations_by_job_time ON observations (job_id, run_time DESC);
