using System.Text;
using Dapper;
using Tessera.Domain.SignIns;

namespace Tessera.Storage.Sql;

public sealed partial class SqlDirectoryStore
{
    private const string SignInColumns =
        "id AS Id, time AS Time, tenant_id AS TenantId, client_id AS ClientId, identity_name AS IdentityName, " +
        "credential_name AS CredentialName, issuer AS Issuer, subject AS Subject, audience AS Audience, " +
        "resource AS Resource, outcome AS Outcome, error_code AS ErrorCode, error_description AS ErrorDescription, " +
        "correlation_id AS CorrelationId, trace_id AS TraceId, token_id AS TokenId, client_address AS ClientAddress, " +
        "duration_ms AS DurationMs";

    public Task AddSignInsAsync(IReadOnlyList<SignInRecord> records, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            return await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO sign_ins (id, time, tenant_id, client_id, identity_name, credential_name, issuer, subject, " +
                "audience, resource, outcome, error_code, error_description, correlation_id, trace_id, token_id, " +
                "client_address, duration_ms) VALUES (@Id, @Time, @TenantId, @ClientId, @IdentityName, @CredentialName, " +
                "@Issuer, @Subject, @Audience, @Resource, @Outcome, @ErrorCode, @ErrorDescription, @CorrelationId, " +
                "@TraceId, @TokenId, @ClientAddress, @DurationMs)",
                records.Select(ToRow), transaction, cancellationToken: cancellationToken));
        }, () => "A sign-in record was written twice.", cancellationToken, changedDirectory: _ => false);

    public async Task<IReadOnlyList<SignInRecord>> QuerySignInsAsync(SignInQuery query, CancellationToken cancellationToken)
    {
        if (query.TenantIds is { Count: 0 })
        {
            return [];
        }

        var sql = new StringBuilder($"SELECT {SignInColumns} FROM sign_ins WHERE 1 = 1");
        if (query.ClientId is not null)
        {
            sql.Append(" AND client_id = @ClientId");
        }

        var tenants = new Dapper.DynamicParameters();
        if (query.TenantIds is not null)
        {
            sql.Append(" AND tenant_id IN ").Append(InList("TenantId", query.TenantIds, tenants));
        }

        if (query.Outcome is not null)
        {
            sql.Append(" AND outcome = @Outcome");
        }

        if (query.ErrorCode is not null)
        {
            sql.Append(" AND error_code = @ErrorCode");
        }

        AppendTimeRangeNewestFirst(sql, query.From, query.To);
        await using var connection = await OpenAsync(cancellationToken);
        tenants.AddDynamicParams(new
        {
            ClientId = query.ClientId?.ToString(),
            query.Outcome,
            query.ErrorCode,
            From = Milliseconds(query.From),
            To = Milliseconds(query.To),
            query.Limit,
        });
        var rows = await connection.QueryAsync<SignInRow>(new CommandDefinition(sql.ToString(), tenants,
            cancellationToken: cancellationToken));
        return [.. rows.Select(ToSignIn)];
    }

    public Task<int> TrimSignInsAsync(DateTimeOffset before, int keep, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var old = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM sign_ins WHERE time < @Before", new { Before = before.ToUnixTimeMilliseconds() }, transaction,
                cancellationToken: cancellationToken));
            var excess = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM sign_ins WHERE time < (SELECT time FROM sign_ins ORDER BY time DESC LIMIT 1 OFFSET @Keep)",
                new { Keep = keep }, transaction, cancellationToken: cancellationToken));
            return old + excess;
        }, () => "The sign-in log changed while being trimmed; retry.", cancellationToken, changedDirectory: _ => false);

    private static SignInRow ToRow(SignInRecord r) => new()
    {
        Id = r.Id.ToString(),
        Time = r.Time.ToUnixTimeMilliseconds(),
        TenantId = r.TenantId?.ToString(),
        ClientId = r.ClientId?.ToString(),
        IdentityName = r.IdentityName,
        CredentialName = r.CredentialName,
        Issuer = r.Issuer,
        Subject = r.Subject,
        Audience = r.Audience,
        Resource = r.Resource,
        Outcome = r.Outcome,
        ErrorCode = r.ErrorCode,
        ErrorDescription = r.ErrorDescription,
        CorrelationId = r.CorrelationId,
        TraceId = r.TraceId,
        TokenId = r.TokenId,
        ClientAddress = r.ClientAddress,
        DurationMs = r.DurationMilliseconds,
    };

    private static SignInRecord ToSignIn(SignInRow r) => new()
    {
        Id = Guid.Parse(r.Id),
        Time = Time(r.Time),
        TenantId = r.TenantId is null ? null : Guid.Parse(r.TenantId),
        ClientId = r.ClientId is null ? null : Guid.Parse(r.ClientId),
        IdentityName = r.IdentityName,
        CredentialName = r.CredentialName,
        Issuer = r.Issuer,
        Subject = r.Subject,
        Audience = r.Audience,
        Resource = r.Resource,
        Outcome = r.Outcome,
        ErrorCode = r.ErrorCode is null ? null : (int)r.ErrorCode,
        ErrorDescription = r.ErrorDescription,
        CorrelationId = r.CorrelationId,
        TraceId = r.TraceId,
        TokenId = r.TokenId,
        ClientAddress = r.ClientAddress,
        DurationMilliseconds = r.DurationMs,
    };
}
