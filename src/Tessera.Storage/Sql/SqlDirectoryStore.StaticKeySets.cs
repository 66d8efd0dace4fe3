using Dapper;
using Tessera.Domain.Issuers;
using Tessera.Domain.Rules;

namespace Tessera.Storage.Sql;

public sealed partial class SqlDirectoryStore
{
    public async Task<StaticKeySet> SetStaticKeySetAsync(string issuer, string jwks, CancellationToken cancellationToken)
    {
        var set = new StaticKeySet(issuer, jwks, Time(Now()));
        return await WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO static_key_sets (issuer, jwks, updated_at) VALUES (@Issuer, @Jwks, @UpdatedAt) " +
                "ON CONFLICT (issuer) DO UPDATE SET jwks = excluded.jwks, updated_at = excluded.updated_at",
                new { set.Issuer, set.Jwks, UpdatedAt = set.UpdatedAt.ToUnixTimeMilliseconds() }, transaction,
                cancellationToken: cancellationToken));
            return set;
        }, () => $"The key set of '{issuer}' changed concurrently; retry.", cancellationToken);
    }

    public async Task<IReadOnlyList<StaticKeySet>> ListStaticKeySetsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StaticKeySetRow>(new CommandDefinition(
            "SELECT issuer AS Issuer, jwks AS Jwks, updated_at AS UpdatedAt FROM static_key_sets ORDER BY issuer",
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => new StaticKeySet(r.Issuer, r.Jwks, Time(r.UpdatedAt)))];
    }

    public Task DeleteStaticKeySetAsync(string issuer, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM static_key_sets WHERE issuer = @Issuer", new { Issuer = issuer }, transaction,
                cancellationToken: cancellationToken));
            return deleted == 0 ? throw DirectoryException.NotFound($"No key set was uploaded for issuer '{issuer}'.") : deleted;
        }, () => $"The key set of '{issuer}' changed concurrently; retry.", cancellationToken);
}
