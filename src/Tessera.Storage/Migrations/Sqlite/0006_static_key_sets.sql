-- Key sets uploaded for issuers the STS cannot reach (private clusters): used instead of fetching.
CREATE TABLE static_key_sets (
  issuer TEXT PRIMARY KEY,
  jwks TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
