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

    public async Task<IReadOnlyList<StoredSigningKey>> ListAllSigningKeysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SigningKeyRow>(new CommandDefinition(
            $"SELECT {SqlColumns.SigningKey} FROM signing_keys ORDER BY owner, activates_at, key_id",
            cancellationToken: cancellationToken));
        return [.. rows.Select(ToSigningKey)];
    }

    public Task ReplacePrivateKeyAsync(string keyId, byte[] privateKey, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE signing_keys SET private_key = @PrivateKey WHERE key_id = @KeyId",
            new { KeyId = keyId, PrivateKey = privateKey }, transaction, cancellationToken: cancellationToken)),
            () => $"Signing key '{keyId}' changed concurrently; retry.", cancellationToken);

    public Task<bool> RotateSigningKeyAsync(
        string owner,
        StoredSigningKey next,
        TimeSpan retiredKeyLifetime,
        Func<IReadOnlyList<StoredSigningKey>, bool> isDue,
        CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            // One rotation at a time across replicas: the directory version row is the lock.
            await connection.ExecuteAsync(new CommandDefinition(
                $"SELECT version FROM directory_version WHERE id = 1 {dialect.LockRowSuffix}", transaction: transaction,
                cancellationToken: cancellationToken));
            var rows = await connection.QueryAsync<SigningKeyRow>(new CommandDefinition(
                $"SELECT {SqlColumns.SigningKey} FROM signing_keys WHERE owner = @Owner ORDER BY activates_at, key_id",
                new { Owner = owner }, transaction, cancellationToken: cancellationToken));
            if (!isDue([.. rows.Select(ToSigningKey)]))
            {
                return false;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE signing_keys SET retires_at = @RetiresAt, expires_at = @ExpiresAt " +
                "WHERE owner = @Owner AND retires_at IS NULL AND activates_at <= @RetiresAt",
                new
                {
                    Owner = owner,
                    RetiresAt = next.ActivatesAt.ToUnixTimeMilliseconds(),
                    ExpiresAt = (next.ActivatesAt + retiredKeyLifetime).ToUnixTimeMilliseconds(),
                },
                transaction, cancellationToken: cancellationToken));
            await InsertSigningKeyAsync(connection, transaction, next, cancellationToken);
            return true;
        }, () => $"A signing key with ID '{next.KeyId}' already exists.", cancellationToken, changedDirectory: rotated => rotated);

    public Task<string?> AdvancePendingSigningKeyAsync(
        string owner, DateTimeOffset activatesAt, TimeSpan retiredKeyLifetime, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"SELECT version FROM directory_version WHERE id = 1 {dialect.LockRowSuffix}", transaction: transaction,
                cancellationToken: cancellationToken));
            var at = activatesAt.ToUnixTimeMilliseconds();
            var pending = await connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(
                "SELECT key_id FROM signing_keys WHERE owner = @Owner AND retires_at IS NULL AND activates_at > @At " +
                "ORDER BY activates_at, key_id LIMIT 1",
                new { Owner = owner, At = at }, transaction, cancellationToken: cancellationToken));
            if (pending is null)
            {
                return null;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE signing_keys SET activates_at = @At WHERE key_id = @KeyId",
                new { At = at, KeyId = pending }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                // The key it replaces was already due to retire when the pending key would have started signing.
                "UPDATE signing_keys SET retires_at = @At, expires_at = @ExpiresAt " +
                "WHERE owner = @Owner AND key_id <> @KeyId AND activates_at <= @At AND (retires_at IS NULL OR retires_at > @At)",
                new
                {
                    Owner = owner,
                    KeyId = pending,
                    At = at,
                    ExpiresAt = (activatesAt + retiredKeyLifetime).ToUnixTimeMilliseconds(),
                },
                transaction, cancellationToken: cancellationToken));
            return pending;
        }, () => "Signing keys changed while a pending key was brought forward; retry.", cancellationToken,
            changedDirectory: advanced => advanced is not null);

    public Task<int> PurgeSigningKeysAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM signing_keys WHERE expires_at IS NOT NULL AND expires_at < @Before",
            new { Before = before.ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken)),
            () => "Signing keys changed while being purged; retry.", cancellationToken, changedDirectory: purged => purged > 0);

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
        }, () => $"Setting '{name}' already exists.", cancellationToken, changedDirectory: _ => false);

    public Task SetSettingAsync(string name, string value, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            return await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO settings (name, value) VALUES (@Name, @Value) " +
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                new { Name = name, Value = value }, transaction, cancellationToken: cancellationToken));
        }, () => $"Setting '{name}' changed concurrently; retry.", cancellationToken, changedDirectory: _ => false);

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
