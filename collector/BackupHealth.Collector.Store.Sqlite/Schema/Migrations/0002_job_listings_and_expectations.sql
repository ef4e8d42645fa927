-- Version 2: what sources say about their jobs, and expectations people set.

-- The latest job list of each probe (JobListReport): replaced whole on every report.
CREATE TABLE job_listings (
    agent_id    INTEGER NOT NULL REFERENCES agents (id),
    probe_name  TEXT NOT NULL,
    job_key     TEXT NOT NULL,
    job_name    TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    enabled     INTEGER NOT NULL,
    next_run    INTEGER,
    attributes  TEXT,
    reported_at INTEGER NOT NULL,
    PRIMARY KEY (agent_id, probe_name, job_key)
) WITHOUT ROWID;

-- Probes that have sent a job list at least once, with when the latest arrived (an empty list still counts).
CREATE TABLE job_list_reports (
    agent_id    INTEGER NOT NULL REFERENCES agents (id),
    probe_name  TEXT NOT NULL,
    reported_at INTEGER NOT NULL,
    PRIMARY KEY (agent_id, probe_name)
) WITHOUT ROWID;

-- An expectation set by a person for one job: an interval or a schedule, with a grace. Milliseconds.
CREATE TABLE job_expectations (
    job_id      INTEGER PRIMARY KEY REFERENCES jobs (id),
    interval_ms INTEGER,
    schedule    TEXT,
    grace_ms    INTEGER,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    CHECK (interval_ms IS NOT NULL OR schedule IS NOT NULL)
);

-- Each job remembers the probe that reported it last, so its job list can be matched.
ALTER TABLE jobs ADD COLUMN probe_name TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN first_seen INTEGER;
