-- Version 7: coverage — which VMs of the inventory are protected by which jobs (docs/coverage.md).

-- What each observation protects, for matching VMs to runs (the job's protected_object is only its latest).
-- NULL in rows stored before this version: readers fall back to the job's protected_object.
ALTER TABLE observations ADD COLUMN protected_object TEXT;

-- When a VM (site, hypervisor item id) was first seen in any inventory of its site. inventory_items is replaced by
-- every report, so the first sighting is kept here; a new VM is given a grace before it can alert.
CREATE TABLE inventory_first_seen (
    site_id    INTEGER NOT NULL REFERENCES sites (id),
    item_id    TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    PRIMARY KEY (site_id, item_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO inventory_first_seen (site_id, item_id, first_seen)
SELECT a.site_id, i.item_id, min(i.received_at)
FROM inventory_items i JOIN agents a ON a.id = i.agent_id
GROUP BY a.site_id, i.item_id;

-- A person's statement that a job protects a VM the automatic matching does not tie to it.
CREATE TABLE coverage_mappings (
    site_id    INTEGER NOT NULL REFERENCES sites (id),
    item_id    TEXT NOT NULL,
    job_id     INTEGER NOT NULL REFERENCES jobs (id),
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (site_id, item_id, job_id)
) WITHOUT ROWID;

-- A VM that is not backed up on purpose (a test VM, a template, a replica): never "not protected".
CREATE TABLE coverage_exclusions (
    site_id    INTEGER NOT NULL REFERENCES sites (id),
    item_id    TEXT NOT NULL,
    reason     TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (site_id, item_id)
) WITHOUT ROWID;
