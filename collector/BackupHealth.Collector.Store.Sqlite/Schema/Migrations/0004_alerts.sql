-- Version 4: alerts with their lifecycle, silences and maintenance windows; the will-retry flag of a run.

-- One row per alert. An alert is keyed by (rule, subject) while it is open (firing or acknowledged); once resolved it
-- stays as history and a returning condition opens a new row. Severity: warning | critical.
-- held_by: the agent_silent alert that holds this one back (its agent is silent), else null.
-- muted: matched an active silence or maintenance window at the latest evaluation.
-- notified_fired: a Fired or Released notification went out; only then is its resolution notified (resolve_notified).
CREATE TABLE alerts (
    id               INTEGER PRIMARY KEY,
    rule             TEXT NOT NULL,
    subject          TEXT NOT NULL,
    site_id          INTEGER NOT NULL REFERENCES sites (id),
    agent_id         INTEGER REFERENCES agents (id),
    job_id           INTEGER REFERENCES jobs (id),
    severity         TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('firing', 'acknowledged', 'resolved')),
    title            TEXT NOT NULL,
    detail           TEXT NOT NULL,
    fired_at         INTEGER NOT NULL,
    last_seen_at     INTEGER NOT NULL,
    acknowledged_at  INTEGER,
    acknowledged_by  TEXT,
    ack_comment      TEXT,
    resolved_at      INTEGER,
    resolved_by      TEXT,
    resolved_comment TEXT,
    held_by          INTEGER REFERENCES alerts (id),
    muted            INTEGER NOT NULL DEFAULT 0,
    notified_fired   INTEGER NOT NULL DEFAULT 0,
    last_notified_at INTEGER,
    resolve_notified INTEGER NOT NULL DEFAULT 0
);

-- At most one open alert per (rule, subject); the evaluator finds it through this index.
CREATE UNIQUE INDEX alerts_open_by_key ON alerts (rule, subject) WHERE state <> 'resolved';

-- Resolved alerts whose firing was notified but whose resolution not yet.
CREATE INDEX alerts_resolve_pending ON alerts (id) WHERE state = 'resolved' AND notified_fired = 1 AND resolve_notified = 0;

CREATE INDEX alerts_by_fired_at ON alerts (fired_at DESC, id DESC);

-- Mutes notifications of the alerts it matches between starts_at and ends_at. Every matcher column that is set must
-- equal the alert's: customer and site names, agent key, job key or job id, rule id. At least one is set.
CREATE TABLE silences (
    id         INTEGER PRIMARY KEY,
    customer   TEXT,
    site       TEXT,
    agent      TEXT,
    job        TEXT,
    rule       TEXT,
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL,
    comment    TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    CHECK (ends_at >= starts_at),
    CHECK (coalesce(customer, site, agent, job, rule) IS NOT NULL)
);

-- Mutes every alert of one site while active. Either recurring (days: 'daily' or a comma list of mon..sun,
-- start_time 'HH:mm' local to time_zone, an IANA id; duration_ms of elapsed time) or one-off (starts_at, ends_at).
CREATE TABLE maintenance_windows (
    id          INTEGER PRIMARY KEY,
    site_id     INTEGER NOT NULL REFERENCES sites (id),
    days        TEXT,
    start_time  TEXT,
    duration_ms INTEGER,
    time_zone   TEXT,
    starts_at   INTEGER,
    ends_at     INTEGER,
    comment     TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    CHECK ((days IS NOT NULL AND start_time IS NOT NULL AND duration_ms > 0 AND time_zone IS NOT NULL
            AND starts_at IS NULL AND ends_at IS NULL)
        OR (days IS NULL AND starts_at IS NOT NULL AND ends_at > starts_at))
);

-- A failure the source says it will retry (Observation.will_retry); the ingest fills it.
ALTER TABLE observations ADD COLUMN will_retry INTEGER NOT NULL DEFAULT 0;
