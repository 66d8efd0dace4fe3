-- Credentials with which agents outside Kubernetes have hosted issuers mint tokens for them.
CREATE TABLE agent_credentials (
  id TEXT PRIMARY KEY,
  issuer TEXT NOT NULL REFERENCES issuers (name),
  service_accounts TEXT NOT NULL,
  secret_sha256 TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);

CREATE INDEX ix_agent_credentials_issuer ON agent_credentials (issuer);
