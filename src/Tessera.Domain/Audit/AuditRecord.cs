namespace Tessera.Domain.Audit;

/// <summary>
/// One change made through the admin API: who made it, when, what it changed, and the object before and after as
/// JSON (null where it did not exist). Never holds a secret: created secrets are recorded by their IDs only.
/// </summary>
/// <param name="TenantId">The tenant changed; null for server-wide objects (tenants, issuers, the admin token).</param>
/// <param name="Actor">Who: <c>admin</c> for the admin token, else the identity as <c>NAME (client ID …)</c>.</param>
/// <param name="Action">What, as <c>object.verb</c>: <c>federated-credential.create</c>,
/// <c>role-assignment.delete</c>.</param>
/// <param name="Target">The object's path in the admin API.</param>
public sealed record AuditRecord(
    Guid Id,
    DateTimeOffset Time,
    Guid? TenantId,
    string Actor,
    string Action,
    string Target,
    string? Before,
    string? After,
    string CorrelationId,
    string? TraceId);

/// <summary>Filters for reading the audit log, newest first; every filter is optional.</summary>
/// <param name="TenantIds">Only these tenants; server-wide records are left out when this is set.</param>
public sealed record AuditQuery(
    IReadOnlyList<Guid>? TenantIds = null,
    string? Actor = null,
    string? Action = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Limit = 100);
