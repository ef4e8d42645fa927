-- Version 9: jobs a probe lists are jobs, and each heartbeat says how long ago each probe last ran.

-- A job in a probe's job list has a job row from the first list that names it, runs or not (its first_seen is when
-- it was first listed), so it is judged, shown and alerted like any other. Listings stored before this version get
-- their rows now; first_seen is the latest list's time, as the first is not known.
INSERT OR IGNORE INTO jobs (agent_id, job_key, name, source_kind, protected_object, probe_name, first_seen)
SELECT agent_id, job_key, job_name, source_kind, '', probe_name, reported_at FROM job_listings;

-- How long before its agent's latest heartbeat the probe last ran, by the agent's own clock (agent_time - last_run),
-- so that no clock skew between agent and collector enters it. NULL until an agent sends probe runs with heartbeats.
ALTER TABLE probe_health ADD COLUMN run_age_ms INTEGER;
