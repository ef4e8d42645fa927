-- Version 16: a due notification is claimed by one dispatcher for a lease (docs/notifications.md), so dispatchers side
-- by side never send the same row; a claim whose owner stopped without releasing it runs out and the row is due again.
ALTER TABLE notifications ADD COLUMN claimed_by TEXT;
ALTER TABLE notifications ADD COLUMN claimed_until INTEGER;
