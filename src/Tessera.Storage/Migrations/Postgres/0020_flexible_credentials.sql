-- Flexible federated credentials: a claims matching expression instead of a subject, so subject becomes optional.
-- The PostgreSQL twin of Migrations/Sqlite/0020_flexible_credentials.sql; keep the two in step.
ALTER TABLE federated_credentials ALTER COLUMN subject DROP NOT NULL;

ALTER TABLE federated_credentials ADD COLUMN claims_matching_expression TEXT NULL;

ALTER TABLE federated_credentials
  ADD CONSTRAINT federated_credentials_expression_unique UNIQUE (client_id, issuer, claims_matching_expression);

ALTER TABLE federated_credentials
  ADD CONSTRAINT federated_credentials_subject_or_expression
  CHECK ((subject IS NULL) <> (claims_matching_expression IS NULL));
