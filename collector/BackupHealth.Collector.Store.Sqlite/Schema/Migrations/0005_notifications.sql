-- Version 5: notifications waiting to be sent, sent, or given up — one row per (site notification, channel).

-- payload is the routed SiteNotification as JSON; summary its one-line headline for the API.
-- A row is inserted in the same transaction as the alert changes it tells of, and is 'pending' until a send
-- succeeded ('sent') or failed for good ('failed': a permanent error, or MaxAttempts reached).
CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY,
    channel         TEXT NOT NULL,
    site_id         INTEGER NOT NULL REFERENCES sites (id),
    created_at      INTEGER NOT NULL,
    payload         TEXT NOT NULL,
    summary         TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_error      TEXT,
    sent_at         INTEGER
);

CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE state = 'pending';
CREATE INDEX notifications_by_state ON notifications (state, id);

-- Which alerts each notification told of, so a resolved alert goes to the channels its firing went to.
-- change: fired | repeated | released | resolved.
CREATE TABLE notification_alerts (
    alert_id        INTEGER NOT NULL,
    notification_id INTEGER NOT NULL REFERENCES notifications (id),
    change          TEXT NOT NULL,
    PRIMARY KEY (alert_id, notification_id)
) WITHOUT ROWID;
