-- How the STS treats one external issuer's tokens, whichever identities trust it. An issuer without a row gets
-- the defaults (replay protection off). replay_protection is 0 or 1, so the same queries serve both databases.
CREATE TABLE trusted_issuer_settings (
  issuer TEXT PRIMARY KEY,
  replay_protection INTEGER NOT NULL,
  updated_at BIGINT NOT NULL
);
