using Dapper;
using Tessera.Domain.Issuers;
using Tessera.Domain.Rules;

namespace Tessera.Storage.Sql;

public sealed partial class SqlDirectoryStore
{
    public async Task<HostedIssuer> CreateIssuerAsync(
        string name, StoredSigningKey firstKey, CancellationToken cancellationToken)
    {
        var violations = IssuerRules.Validate(name);
        if (violations.Count > 0)
        {
            throw DirectoryException.Broken(violations);
        }

        var issuer = new HostedIssuer(name, Time(Now()));
        return await WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO issuers (name, created_at) VALUES (@Name, @CreatedAt)",
                new { issuer.Name, CreatedAt = issuer.CreatedAt.ToUnixTimeMilliseconds() },
                transaction, cancellationToken: cancellationToken));
            await InsertSigningKeyAsync(connection, transaction, firstKey, cancellationToken);
            return issuer;
        }, () => $"An issuer named '{name}' already exists.", cancellationToken);
    }

    public async Task<IReadOnlyList<HostedIssuer>> ListIssuersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<IssuerRow>(new CommandDefinition(
            $"SELECT {SqlColumns.Issuer} FROM issuers ORDER BY created_at, name", cancellationToken: cancellationToken));
        return [.. rows.Select(r => new HostedIssuer(r.Name, Time(r.CreatedAt)))];
    }

    public async Task<HostedIssuer?> FindIssuerAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<IssuerRow>(new CommandDefinition(
            $"SELECT {SqlColumns.Issuer} FROM issuers WHERE name = @Name", new { Name = name },
            cancellationToken: cancellationToken));
        return row is null ? null : new HostedIssuer(row.Name, Time(row.CreatedAt));
    }
}
