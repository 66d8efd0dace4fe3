-- Flexible federated credentials: a claims matching expression instead of a subject, so subject becomes optional.
-- SQLite cannot drop NOT NULL in place: the table is rebuilt and its rows copied. Nothing references it.
CREATE TABLE federated_credentials_rebuilt (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES identities (client_id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  issuer TEXT NOT NULL,
  subject TEXT NULL,
  claims_matching_expression TEXT NULL,
  audience TEXT NOT NULL,
  description TEXT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (client_id, name),
  UNIQUE (client_id, issuer, subject),
  UNIQUE (client_id, issuer, claims_matching_expression),
  CHECK ((subject IS NULL) <> (claims_matching_expression IS NULL))
);

INSERT INTO federated_credentials_rebuilt (id, client_id, name, issuer, subject, audience, description, created_at)
  SELECT id, client_id, name, issuer, subject, audience, description, created_at FROM federated_credentials;

DROP TABLE federated_credentials;

ALTER TABLE federated_credentials_rebuilt RENAME TO federated_credentials;
