using System.Data.Common;
using Dapper;

namespace Tessera.Storage.Sql;

public sealed partial class SqlDirectoryStore
{
    public async Task<IReadOnlyList<StoredSigningKey>> ListSigningKeysAsync(string owner, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SigningKeyRow>(new CommandDefinition(
            $"SELECT {SqlColumns.SigningKey} FROM signing_keys WHERE owner = @Owner ORDER BY activates_at, key_id",
            new { Owner = owner }, cancellationToken: cancellationToken));
        return [.. rows.Select(ToSigningKey)];
    }

    public Task AddSigningKeyAsync(StoredSigningKey key, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await InsertSigningKeyAsync(connection, transaction, key, cancellationToken);
            return key;
        }, () => $"A signing key with ID '{key.KeyId}' already exists.", cancellationToken);

    public async Task<string?> GetSettingAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT value FROM settings WHERE name = @Name", new { Name = name }, cancellationToken: cancellationToken));
    }

    public Task<bool> TryAddSettingAsync(string name, string value, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO settings (name, value) VALUES (@Name, @Value) ON CONFLICT (name) DO NOTHING",
                new { Name = name, Value = value }, transaction, cancellationToken: cancellationToken));
            return inserted == 1;
        }, () => $"Setting '{name}' already exists.", cancellationToken, changesDirectory: false);

    public Task SetSettingAsync(string name, string value, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            return await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO settings (name, value) VALUES (@Name, @Value) " +
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                new { Name = name, Value = value }, transaction, cancellationToken: cancellationToken));
        }, () => $"Setting '{name}' changed concurrently; retry.", cancellationToken, changesDirectory: false);

    private static Task InsertSigningKeyAsync(
        DbConnection connection, DbTransaction transaction, StoredSigningKey key, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO signing_keys (key_id, owner, algorithm, private_key, certificate, created_at, activates_at, " +
            "retires_at, expires_at) VALUES (@KeyId, @Owner, @Algorithm, @PrivateKey, @Certificate, @CreatedAt, " +
            "@ActivatesAt, @RetiresAt, @ExpiresAt)",
            new
            {
                key.KeyId,
                key.Owner,
                key.Algorithm,
                key.PrivateKey,
                key.Certificate,
                CreatedAt = key.CreatedAt.ToUnixTimeMilliseconds(),
                ActivatesAt = key.ActivatesAt.ToUnixTimeMilliseconds(),
                RetiresAt = Milliseconds(key.RetiresAt),
                ExpiresAt = Milliseconds(key.ExpiresAt),
            },
            transaction, cancellationToken: cancellationToken));

    private static StoredSigningKey ToSigningKey(SigningKeyRow row) => new(
        row.KeyId, row.Owner, row.Algorithm, row.PrivateKey, row.Certificate, Time(row.CreatedAt),
        Time(row.ActivatesAt), Time(row.RetiresAt), Time(row.ExpiresAt));
}
