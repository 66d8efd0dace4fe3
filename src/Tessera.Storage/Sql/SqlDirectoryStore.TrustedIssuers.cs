using Dapper;
using Tessera.Domain.Issuers;
using Tessera.Domain.Rules;

namespace Tessera.Storage.Sql;

public sealed partial class SqlDirectoryStore
{
    public async Task<TrustedIssuerSettings> SetTrustedIssuerSettingsAsync(
        string issuer, bool replayProtection, CancellationToken cancellationToken)
    {
        var settings = new TrustedIssuerSettings(issuer, replayProtection, Time(Now()));
        return await WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO trusted_issuer_settings (issuer, replay_protection, updated_at) " +
                "VALUES (@Issuer, @ReplayProtection, @UpdatedAt) ON CONFLICT (issuer) DO UPDATE SET " +
                "replay_protection = excluded.replay_protection, updated_at = excluded.updated_at",
                new
                {
                    settings.Issuer,
                    ReplayProtection = settings.ReplayProtection ? 1 : 0,
                    UpdatedAt = settings.UpdatedAt.ToUnixTimeMilliseconds(),
                },
                transaction, cancellationToken: cancellationToken));
            return settings;
        }, () => $"The settings of issuer '{issuer}' changed concurrently; retry.", cancellationToken);
    }

    public async Task<IReadOnlyList<TrustedIssuerSettings>> ListTrustedIssuerSettingsAsync(
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TrustedIssuerSettingsRow>(new CommandDefinition(
            "SELECT issuer AS Issuer, replay_protection AS ReplayProtection, updated_at AS UpdatedAt " +
            "FROM trusted_issuer_settings ORDER BY issuer", cancellationToken: cancellationToken));
        return [.. rows.Select(r => new TrustedIssuerSettings(r.Issuer, r.ReplayProtection != 0, Time(r.UpdatedAt)))];
    }

    public Task DeleteTrustedIssuerSettingsAsync(string issuer, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM trusted_issuer_settings WHERE issuer = @Issuer", new { Issuer = issuer }, transaction,
                cancellationToken: cancellationToken));
            return deleted == 0
                ? throw DirectoryException.NotFound($"Issuer '{issuer}' has no settings; it has the defaults already.")
                : deleted;
        }, () => $"The settings of issuer '{issuer}' changed concurrently; retry.", cancellationToken);
}
