using System.Text.Json;

namespace Tessera.Client.Contracts;

/// <summary>
/// One change from the audit log; before and after are the object's JSON (null where it did not exist).
/// </summary>
public sealed record AuditResource(
    Guid Id,
    DateTimeOffset Time,
    Guid? TenantId,
    string Actor,
    string Action,
    string Target,
    JsonElement? Before,
    JsonElement? After,
    string CorrelationId,
    string? TraceId);

/// <summary>Answer of <c>POST /admin/admin-token</c>: the new admin token, shown once.</summary>
public sealed record AdminTokenResource(string Token);
