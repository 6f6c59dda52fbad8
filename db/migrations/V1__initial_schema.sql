-- PeerVault repository schema, version 1: the walking skeleton.
--
-- Tables written through Hibernate (low volume) take their ids from sequences with increment 50
-- (Hibernate's pooled-lo optimizer hands out 50 ids per round trip). Tables on the hot bulk paths
-- (file_version, chunk_ref, chunk, replica) are written with set-based JDBC statements and take
-- their ids from identity columns, so the two id schemes never share a sequence.
-- Times are timestamptz (UTC); sizes are bytes.

-- Tenants.
CREATE SEQUENCE organization_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE organization (
  id          bigint      PRIMARY KEY,
  name        text        NOT NULL,
  created_at  timestamptz NOT NULL,
  CONSTRAINT organization_name_uq UNIQUE (name)
);

-- One enrolled machine; every device is also a peer that stores chunks of its colleagues.
CREATE SEQUENCE device_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE device (
  id               bigint      PRIMARY KEY,
  organization_id  bigint      NOT NULL REFERENCES organization (id),
  name             text        NOT NULL,
  peer_address     text        NOT NULL,
  quota_bytes      bigint      NOT NULL CHECK (quota_bytes >= 0),
  used_bytes       bigint      NOT NULL DEFAULT 0 CHECK (used_bytes >= 0),
  site             text        NOT NULL DEFAULT '',
  subnet           text        NOT NULL DEFAULT '',
  -- SHA-256 of the device token; the token itself is never stored.
  token_hash       bytea       NOT NULL,
  registered_at    timestamptz NOT NULL,
  last_seen_at     timestamptz,
  status           text        NOT NULL CHECK (status IN ('ACTIVE', 'REVOKED')),
  CONSTRAINT device_org_name_uq UNIQUE (organization_id, name)
);
CREATE INDEX device_org_status_idx ON device (organization_id, status);

-- Enrollment tokens: one-time tokens issued by an admin, or the multi-use bootstrap token.
CREATE SEQUENCE enrollment_token_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE enrollment_token (
  id               bigint      PRIMARY KEY,
  organization_id  bigint      NOT NULL REFERENCES organization (id),
  -- SHA-256 of the token; the token itself is never stored.
  token_hash       bytea       NOT NULL,
  bootstrap        boolean     NOT NULL DEFAULT false,
  single_use       boolean     NOT NULL,
  created_at       timestamptz NOT NULL,
  expires_at       timestamptz,
  -- For single-use tokens, when it was spent; for multi-use tokens, the last use.
  used_at          timestamptz,
  CONSTRAINT enrollment_token_hash_uq UNIQUE (token_hash)
);
CREATE INDEX enrollment_token_org_idx ON enrollment_token (organization_id, bootstrap);

-- Per-organization secrets from which chunk keys are derived, wrapped under the master key.
-- The current version is the highest; older versions stay readable for the chunks that use them.
CREATE TABLE organization_secret (
  organization_id  bigint      NOT NULL REFERENCES organization (id),
  version          integer     NOT NULL CHECK (version >= 1),
  -- AES-256-GCM nonce (12 bytes) and ciphertext+tag of the 32-byte secret.
  wrap_nonce       bytea       NOT NULL,
  wrapped_secret   bytea       NOT NULL,
  -- Short fingerprint of the master key that wrapped it, to name the key a restart needs.
  master_key_id    text        NOT NULL,
  created_at       timestamptz NOT NULL,
  PRIMARY KEY (organization_id, version)
);

-- One backup run of one device; invisible to listings and restores until committed.
CREATE SEQUENCE snapshot_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE snapshot (
  id                        bigint      PRIMARY KEY,
  device_id                 bigint      NOT NULL REFERENCES device (id),
  host                      text        NOT NULL,
  roots                     text[]      NOT NULL,
  started_at                timestamptz NOT NULL,
  committed_at              timestamptz,
  status                    text        NOT NULL CHECK (status IN ('OPEN', 'COMMITTED')),
  stat_files                bigint      NOT NULL DEFAULT 0,
  stat_bytes                bigint      NOT NULL DEFAULT 0,
  stat_new_chunks           bigint      NOT NULL DEFAULT 0,
  stat_deduplicated_chunks  bigint      NOT NULL DEFAULT 0,
  stat_uploaded_bytes       bigint      NOT NULL DEFAULT 0,
  stat_skipped_files        bigint      NOT NULL DEFAULT 0,
  CONSTRAINT snapshot_committed_ck CHECK ((status = 'COMMITTED') = (committed_at IS NOT NULL))
);
-- ListSnapshots and point-in-time restore: committed snapshots of a device by commit time.
CREATE INDEX snapshot_device_committed_idx ON snapshot (device_id, committed_at DESC)
  WHERE status = 'COMMITTED';

-- A chunk: its id is the hex SHA-256 of its ciphertext. One row per organization and plaintext.
CREATE TABLE chunk (
  id                 text        PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
  organization_id    bigint      NOT NULL REFERENCES organization (id),
  plain_hash         bytea       NOT NULL CHECK (octet_length(plain_hash) = 32),
  plain_size_bytes   bigint      NOT NULL CHECK (plain_size_bytes >= 0),
  stored_size_bytes  bigint      NOT NULL CHECK (stored_size_bytes >= 0),
  key_version        integer     NOT NULL CHECK (key_version >= 1),
  created_at         timestamptz NOT NULL,
  CONSTRAINT chunk_org_plain_hash_uq UNIQUE (organization_id, plain_hash)
);

-- One version of one path in a snapshot.
CREATE TABLE file_version (
  id            bigint  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  snapshot_id   bigint  NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
  path          text    NOT NULL,
  kind          text    NOT NULL CHECK (kind IN ('REGULAR', 'DIRECTORY', 'SYMLINK')),
  size_bytes    bigint  NOT NULL CHECK (size_bytes >= 0),
  mode          integer NOT NULL,
  mtime_millis  bigint  NOT NULL,
  link_target   text,
  -- Also serves restores: versions of a snapshot in path order.
  CONSTRAINT file_version_snapshot_path_uq UNIQUE (snapshot_id, path)
);

-- The ordered chunks of a regular file version.
CREATE TABLE chunk_ref (
  file_version_id   bigint  NOT NULL REFERENCES file_version (id) ON DELETE CASCADE,
  seq               integer NOT NULL CHECK (seq >= 0),
  chunk_id          text    NOT NULL REFERENCES chunk (id),
  plain_size_bytes  bigint  NOT NULL CHECK (plain_size_bytes >= 0),
  PRIMARY KEY (file_version_id, seq)
);
-- Which versions use a chunk (garbage collection, repair).
CREATE INDEX chunk_ref_chunk_idx ON chunk_ref (chunk_id);

-- A copy of a chunk on a peer.
CREATE TABLE replica (
  id                bigint      GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  chunk_id          text        NOT NULL REFERENCES chunk (id),
  device_id         bigint      NOT NULL REFERENCES device (id),
  state             text        NOT NULL CONSTRAINT replica_state_ck CHECK (state IN ('CONFIRMED')),
  confirmed_at      timestamptz NOT NULL,
  last_verified_at  timestamptz,
  CONSTRAINT replica_chunk_device_uq UNIQUE (chunk_id, device_id)
);
-- Bytes held per peer (placement quota).
CREATE INDEX replica_device_idx ON replica (device_id);
