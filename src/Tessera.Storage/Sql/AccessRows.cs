namespace Tessera.Storage.Sql;

// Row shapes of role assignments and the audit log, as the database returns them (see Rows.cs).
#pragma warning disable CA1812 // Instantiated by Dapper.

internal sealed class RoleAssignmentRow
{
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string PrincipalId { get; set; } = "";
    public string PrincipalClientId { get; set; } = "";
    public string PrincipalName { get; set; } = "";
    public string Role { get; set; } = "";
    public string? ResourceClientId { get; set; }
    public string Resource { get; set; } = "";
    public long CreatedAt { get; set; }
}

internal sealed class AuditRow
{
    public string Id { get; set; } = "";
    public long Time { get; set; }
    public string? TenantId { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string Target { get; set; } = "";
    public string? BeforeJson { get; set; }
    public string? AfterJson { get; set; }
    public string CorrelationId { get; set; } = "";
    public string? TraceId { get; set; }
}
