-- App roles app registrations declare, and role assignments: an identity (principal) holding a role on a resource.
-- The resource is an app registration (resource_client_id, and resource holds its client ID as the key) or, for
-- Tessera's own roles on a tenant, the admin resource (resource_client_id NULL, resource 'api://tessera-admin').
CREATE TABLE app_roles (
  client_id TEXT NOT NULL REFERENCES identities (client_id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (client_id, name)
);

CREATE TABLE role_assignments (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id),
  principal_id TEXT NOT NULL,
  principal_client_id TEXT NOT NULL REFERENCES identities (client_id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  resource_client_id TEXT NULL REFERENCES identities (client_id) ON DELETE CASCADE,
  resource TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (principal_id, role, resource)
);

CREATE INDEX ix_role_assignments_tenant ON role_assignments (tenant_id);
CREATE INDEX ix_role_assignments_principal_resource ON role_assignments (principal_id, resource);
