-- Trust: the CA, the grant signing key, issued device certificates, and the key-request audit.

-- Long-lived key material, one row per name ('ca', 'grant-key'). public_part is the certificate or
-- public key (DER); secret_part is protected by the master key: the CA as a PKCS#12 store whose
-- password is derived from the master key, the grant key as AES-256-GCM nonce || ciphertext.
CREATE TABLE trust_material (
  name            text        PRIMARY KEY,
  public_part     bytea       NOT NULL,
  secret_part     bytea       NOT NULL,
  master_key_id   text        NOT NULL,
  created_at      timestamptz NOT NULL
);

-- Every device certificate the CA signed. A certificate is accepted while its device is ACTIVE,
-- it has not expired and it was not superseded by a new enrollment of the device.
CREATE TABLE device_certificate (
  serial          text        PRIMARY KEY,
  device_id       bigint      NOT NULL REFERENCES device (id),
  not_after       timestamptz NOT NULL,
  issued_at       timestamptz NOT NULL,
  superseded_at   timestamptz
);
CREATE INDEX device_certificate_device_idx ON device_certificate (device_id);

-- One row per key request (LookupChunks): who asked for how many keys, when.
CREATE TABLE key_request_audit (
  id              bigserial   PRIMARY KEY,
  organization_id bigint      NOT NULL REFERENCES organization (id),
  device_id       bigint      NOT NULL REFERENCES device (id),
  key_count       integer     NOT NULL,
  refused         boolean     NOT NULL DEFAULT false,
  requested_at    timestamptz NOT NULL
);
CREATE INDEX key_request_audit_device_idx ON key_request_audit (device_id, requested_at);
