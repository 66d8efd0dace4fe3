using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tessera.Domain.Audit;
using Tessera.Keys.Telemetry;
using Tessera.Storage;

namespace Tessera.Server.Admin;

/// <summary>
/// Writes each admin change to the audit log, with the object before and after as the API shows it. Written after
/// the change commits, in the same request: a change whose record cannot be written answers 500 (the change
/// itself stands; the log line below still names it).
/// </summary>
public sealed partial class AuditTrail(
    IAuditStore store,
    TimeProvider time,
    TesseraMetrics metrics,
    IOptions<JsonOptions> json,
    ILogger<AuditTrail> logger)
{
    public async Task RecordAsync(AdminAccess access, Guid? tenantId, string action, string target, object? before,
        object? after, CancellationToken cancellationToken)
    {
        LogChange(logger, action, target, access.Caller.Name, tenantId);
        metrics.AdminChange(action);
        var record = new AuditRecord(Guid.NewGuid(), time.GetUtcNow(), tenantId, access.Caller.Name, action, target,
            Serialize(before), Serialize(after), access.CorrelationId, access.TraceId);

        // The caller's cancellation must not leave a committed change unrecorded.
        await store.AddAuditRecordAsync(record, CancellationToken.None);
    }

    private string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information,
        Message = "Admin change {Action} on {Target} by {Actor} (tenant {TenantId})")]
    private static partial void LogChange(ILogger logger, string action, string target, string actor, Guid? tenantId);
}
