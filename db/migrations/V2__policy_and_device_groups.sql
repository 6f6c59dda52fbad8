-- Backup policies (DESIGN.md "Policy") and device groups they apply to.
--
-- A policy belongs to an organization and applies either to the whole organization
-- (device_group IS NULL: the organization's default) or to one device group. A device gets the
-- policy of its group when one exists, else the organization's default, else built-in defaults.

ALTER TABLE device ADD COLUMN device_group text;
ALTER TABLE enrollment_token ADD COLUMN device_group text;

CREATE SEQUENCE policy_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE policy (
  id                     bigint      PRIMARY KEY,
  organization_id        bigint      NOT NULL REFERENCES organization (id),
  device_group           text,
  name                   text        NOT NULL,
  -- Directories to back up; '~' stands for the user's home directory.
  include_paths          text[]      NOT NULL DEFAULT '{}',
  -- gitignore-syntax patterns excluded on top of the built-in exclusion classes.
  exclude_patterns       text[]      NOT NULL DEFAULT '{}',
  -- ISO-8601 duration between scheduled backups, e.g. PT1H.
  schedule               text        NOT NULL DEFAULT 'PT1H',
  retention_days         integer     NOT NULL DEFAULT 90 CHECK (retention_days > 0),
  -- gitignore-syntax patterns of paths kept as records, for record_retention_days.
  record_patterns        text[]      NOT NULL DEFAULT '{}',
  record_retention_days  integer     NOT NULL DEFAULT 2555 CHECK (record_retention_days > 0),
  -- p_s: the probability a restore must succeed at any hour of the restore window.
  target_availability    double precision NOT NULL DEFAULT 0.99
                         CHECK (target_availability > 0 AND target_availability < 1),
  -- Disk each device of the group lends to peers by default.
  peer_quota_bytes       bigint      NOT NULL DEFAULT 10737418240 CHECK (peer_quota_bytes >= 0),
  updated_at             timestamptz NOT NULL
);
CREATE UNIQUE INDEX policy_org_group_uq ON policy (organization_id, COALESCE(device_group, ''));
