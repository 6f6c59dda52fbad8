-- The availability a snapshot achieved at commit (DESIGN.md "Placement"): the lowest, over the
-- chunks it references and the hours of its owner's restore window, of 1 - prod(1 - p_i(h)) over
-- each chunk's confirmed replicas; next to the owner's target p_s at commit. NULL for snapshots
-- committed before this was recorded, and while a snapshot is open.
ALTER TABLE snapshot ADD COLUMN achieved_availability double precision
  CHECK (achieved_availability >= 0 AND achieved_availability <= 1);
ALTER TABLE snapshot ADD COLUMN target_availability double precision
  CHECK (target_availability > 0 AND target_availability < 1);
-- Admins look for snapshots that fell short of their target.
CREATE INDEX snapshot_below_target_idx ON snapshot (device_id)
  WHERE achieved_availability < target_availability;
