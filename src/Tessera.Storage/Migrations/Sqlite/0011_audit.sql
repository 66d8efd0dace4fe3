-- The audit log: one row per change made through the admin API. Never holds a secret.
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  time BIGINT NOT NULL,
  tenant_id TEXT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  before_json TEXT NULL,
  after_json TEXT NULL,
  correlation_id TEXT NOT NULL,
  trace_id TEXT NULL
);

CREATE INDEX ix_audit_log_time ON audit_log (time);
CREATE INDEX ix_audit_log_tenant_time ON audit_log (tenant_id, time);
