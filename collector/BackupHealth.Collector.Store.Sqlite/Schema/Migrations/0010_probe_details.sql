-- Version 10: what a probe says about how it reads its source (e.g. the Veeam probe's REST API revision and whether
-- per-VM results are available), as a JSON object of texts; NULL when the probe says nothing.
ALTER TABLE probe_health ADD COLUMN details TEXT;
