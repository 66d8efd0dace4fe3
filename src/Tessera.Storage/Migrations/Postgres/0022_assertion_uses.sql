-- Assertions already exchanged, for issuers with replay protection: one row per (issuer, jti) until the assertion
-- expires. The primary key makes "record if not yet used" a single atomic insert, across replicas too. jti_hash is
-- the SHA-256 of the jti, so the key has a bounded size whatever the token carries.
CREATE TABLE assertion_uses (
  issuer TEXT NOT NULL,
  jti_hash TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (issuer, jti_hash)
);

CREATE INDEX ix_assertion_uses_expires_at ON assertion_uses (expires_at);
