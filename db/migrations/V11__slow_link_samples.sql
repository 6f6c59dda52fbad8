-- Slow links count as low availability (paper 3.1.4: hours when the peer has slow network
-- connectivity mark the uptime cycle with a low probability of being available).
-- Each heartbeat of an hour adds one beat; a beat whose reported link throughput was below
-- peervault.placement.slow-link-bytes-per-second is also a slow beat. The hour then counts as
-- up by the share of its beats that were not slow: 1 on a good link, 0 when every beat was slow.
ALTER TABLE peer_hour ADD COLUMN beats integer NOT NULL DEFAULT 1;
ALTER TABLE peer_hour ADD COLUMN slow_beats integer NOT NULL DEFAULT 0;
ALTER TABLE peer_hour ADD CONSTRAINT peer_hour_beats_ck
  CHECK (beats >= 1 AND slow_beats >= 0 AND slow_beats <= beats);
