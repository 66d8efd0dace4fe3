using System.Text;
using Dapper;
using Tessera.Domain.Audit;

namespace Tessera.Storage.Sql;

public sealed partial class SqlDirectoryStore : IAuditStore
{
    private const string AuditColumns =
        "id AS Id, time AS Time, tenant_id AS TenantId, actor AS Actor, action AS Action, target AS Target, " +
        "before_json AS BeforeJson, after_json AS AfterJson, correlation_id AS CorrelationId, trace_id AS TraceId";

    /// <summary>
    /// <c>(@Name0, @Name1, …)</c> with one parameter per value. Spelt out rather than left to Dapper's list expansion,
    /// which Npgsql would turn into an array parameter that <c>IN</c> does not accept.
    /// </summary>
    private static string InList(string name, IReadOnlyList<Guid> values, DynamicParameters parameters)
    {
        for (var i = 0; i < values.Count; i++)
        {
            parameters.Add(name + i, values[i].ToString());
        }

        return "(" + string.Join(", ", values.Select((_, i) => "@" + name + i)) + ")";
    }

    /// <summary>The end of a log query (sign-ins, audit): the optional time range, half-open, newest first, at most
    /// <c>@Limit</c> rows; <c>@From</c> and <c>@To</c> are bound by the caller.</summary>
    private static void AppendTimeRangeNewestFirst(StringBuilder sql, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is not null)
        {
            sql.Append(" AND time >= @From");
        }

        if (to is not null)
        {
            sql.Append(" AND time < @To");
        }

        sql.Append(" ORDER BY time DESC, id LIMIT @Limit");
    }

    public Task AddAuditRecordAsync(AuditRecord record, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit_log (id, time, tenant_id, actor, action, target, before_json, after_json, " +
            "correlation_id, trace_id) VALUES (@Id, @Time, @TenantId, @Actor, @Action, @Target, @BeforeJson, " +
            "@AfterJson, @CorrelationId, @TraceId)",
            new AuditRow
            {
                Id = record.Id.ToString(),
                Time = record.Time.ToUnixTimeMilliseconds(),
                TenantId = record.TenantId?.ToString(),
                Actor = record.Actor,
                Action = record.Action,
                Target = record.Target,
                BeforeJson = record.Before,
                AfterJson = record.After,
                CorrelationId = record.CorrelationId,
                TraceId = record.TraceId,
            }, transaction, cancellationToken: cancellationToken)),
            () => "An audit record was written twice.", cancellationToken,
            // The audit log is history, not directory state: no cache anywhere depends on it.
            changedDirectory: _ => false);

    public async Task<IReadOnlyList<AuditRecord>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        if (query.TenantIds is { Count: 0 })
        {
            return [];
        }

        var sql = new StringBuilder($"SELECT {AuditColumns} FROM audit_log WHERE 1 = 1");
        var parameters = new DynamicParameters();
        if (query.TenantIds is not null)
        {
            sql.Append(" AND tenant_id IN ").Append(InList("TenantId", query.TenantIds, parameters));
        }

        if (query.Actor is not null)
        {
            sql.Append(" AND actor = @Actor");
        }

        if (query.Action is not null)
        {
            sql.Append(" AND action = @Action");
        }

        AppendTimeRangeNewestFirst(sql, query.From, query.To);
        await using var connection = await OpenAsync(cancellationToken);
        parameters.AddDynamicParams(new
        {
            query.Actor,
            query.Action,
            From = Milliseconds(query.From),
            To = Milliseconds(query.To),
            query.Limit,
        });
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(sql.ToString(), parameters,
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new AuditRecord(Guid.Parse(r.Id), Time(r.Time),
            r.TenantId is null ? null : Guid.Parse(r.TenantId), r.Actor, r.Action, r.Target, r.BeforeJson, r.AfterJson,
            r.CorrelationId, r.TraceId))];
    }
}
