-- Version 12: the audit log. One row per security-relevant action (sign-ins, users, API and agent tokens, alert work,
-- silences, maintenance windows, expectations, coverage): who, when (unix ms), from which address, what, on what,
-- and which customer it concerns (NULL: collector-wide). Append-only: the collector never updates or deletes a row.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    actor    TEXT    NOT NULL,
    address  TEXT,
    action   TEXT    NOT NULL,
    target   TEXT    NOT NULL,
    customer TEXT,
    detail   TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_customer ON audit_log (customer, id DESC);
