-- The directory: tenants, identities, federated credentials, hosted issuers and signing keys.
-- The PostgreSQL twin of Migrations/Sqlite/0001_directory.sql; keep the two in step.

CREATE TABLE tenants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);

CREATE TABLE identities (
  client_id TEXT PRIMARY KEY,
  principal_id TEXT NOT NULL UNIQUE,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  resource_id TEXT NULL,
  identifier_uri TEXT NULL,
  access_token_version INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (tenant_id, name)
);

CREATE UNIQUE INDEX ix_identities_identifier_uri ON identities (tenant_id, identifier_uri)
  WHERE identifier_uri IS NOT NULL;

CREATE TABLE federated_credentials (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES identities (client_id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  audience TEXT NOT NULL,
  description TEXT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (client_id, name),
  UNIQUE (client_id, issuer, subject)
);

CREATE TABLE issuers (
  name TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL
);

CREATE TABLE signing_keys (
  key_id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  algorithm TEXT NOT NULL,
  private_key BYTEA NOT NULL,
  certificate BYTEA NULL,
  created_at BIGINT NOT NULL,
  activates_at BIGINT NOT NULL,
  retires_at BIGINT NULL,
  expires_at BIGINT NULL
);

CREATE INDEX ix_signing_keys_owner ON signing_keys (owner);

CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
