-- Version 3: reserved for expectations and rules. They need nothing beyond version 2 (job_expectations, jobs.first_seen):
-- learned expectations are computed from observations on every evaluation, never stored, so they follow the job's
-- history as it changes. The version exists so that the numbering stays without gaps.
SELECT 1;
