-- Version 15: what notifications tell beyond the alert itself (docs/notifications.md).

-- An acknowledgement is told (who, comment) to the channels told of the alert, at the next evaluation, like a resolve
-- by hand. Acknowledgements made before this version are not announced afterwards.
ALTER TABLE alerts ADD COLUMN ack_notified INTEGER NOT NULL DEFAULT 1;

-- Why it resolved, in words: "the run of 2026-12-07 03:41 UTC succeeded, 5.3 GB"; NULL while open and for alerts
-- resolved before this version.
ALTER TABLE alerts ADD COLUMN resolution TEXT;

-- The alert of the same rule and subject that a person resolved before this one fired again ("re-opened").
ALTER TABLE alerts ADD COLUMN reopens INTEGER REFERENCES alerts (id);

CREATE INDEX alerts_ack_pending ON alerts (id) WHERE state = 'acknowledged' AND notified_fired = 1 AND ack_notified = 0;

-- This collector's identity, made once: webhook alert keys carry it, so keys from two collectors never collide in one
-- ticketing system.
CREATE TABLE collector_instance (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    instance_id TEXT    NOT NULL
);
