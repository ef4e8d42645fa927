-- Version 11: since when an agent's heartbeats have reported unsent observations in its outbox (unix ms); NULL when
-- its latest heartbeat reported none. While it catches up, judgement of its jobs waits (Collector:Alerts:BacklogHold).
ALTER TABLE agents ADD COLUMN backlog_since INTEGER;
