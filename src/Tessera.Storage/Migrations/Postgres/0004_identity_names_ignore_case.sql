-- Identity names are unique per tenant regardless of letter case; the store checks it, and this index makes it so
-- even for two writers racing.
CREATE UNIQUE INDEX ix_identities_name_ignoring_case ON identities (tenant_id, lower(name));
