-- Availability samples (paper 3.1.4): one row for every hour in which a peer was heard from.
-- An hour without a row, after the peer registered, counts as down. Rows older than the 30-day
-- window of the uptime cycle are not read and may be pruned.
CREATE TABLE peer_hour (
  device_id   bigint      NOT NULL REFERENCES device (id),
  hour_start  timestamptz NOT NULL,
  PRIMARY KEY (device_id, hour_start)
);

-- The peer's offset from UTC, in minutes, as it last reported: the uptime cycle is per hour of the
-- peer's local day.
ALTER TABLE device ADD COLUMN utc_offset_minutes integer NOT NULL DEFAULT 0;
