using Tessera.Domain.Audit;

namespace Tessera.Storage;

/// <summary>The audit log of admin changes.</summary>
public interface IAuditStore
{
    Task AddAuditRecordAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>Records matching the query, newest first.</summary>
    Task<IReadOnlyList<AuditRecord>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken);
}
