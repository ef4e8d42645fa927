-- Version 6: one run across its states. Observations that share a run id (a session seen running, then finished) are
-- one run; only the latest state is shown (superseded = 0), the others stay so re-sent ids are still known.
ALTER TABLE observations ADD COLUMN run_id TEXT;
ALTER TABLE observations ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0;
CREATE INDEX observations_by_run ON observations (job_id, run_id) WHERE run_id IS NOT NULL;
