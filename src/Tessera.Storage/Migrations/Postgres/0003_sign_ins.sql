-- The sign-in log: one row per token exchange. Never holds a token.
CREATE TABLE sign_ins (
  id TEXT PRIMARY KEY,
  time BIGINT NOT NULL,
  tenant_id TEXT NULL,
  client_id TEXT NULL,
  identity_name TEXT NULL,
  credential_name TEXT NULL,
  issuer TEXT NULL,
  subject TEXT NULL,
  audience TEXT NULL,
  resource TEXT NULL,
  outcome TEXT NOT NULL,
  error_code INTEGER NULL,
  error_description TEXT NULL,
  correlation_id TEXT NOT NULL,
  trace_id TEXT NULL,
  token_id TEXT NULL,
  client_address TEXT NULL,
  duration_ms DOUBLE PRECISION NOT NULL
);

CREATE INDEX ix_sign_ins_time ON sign_ins (time);
CREATE INDEX ix_sign_ins_client_time ON sign_ins (client_id, time);
