using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Tessera.Storage.Sql;

public sealed partial class SqlDirectoryStore
{
    public async Task<bool> TryRecordAssertionUseAsync(
        string issuer, string jwtId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        // One statement, so the check and the record are atomic on either database: a live row makes the insert a
        // no-op (0 rows); a row whose assertion has expired is taken over, as its jti may legitimately come again.
        await using var connection = await OpenAsync(cancellationToken);
        var affected = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO assertion_uses (issuer, jti_hash, expires_at) VALUES (@Issuer, @JtiHash, @ExpiresAt) " +
            "ON CONFLICT (issuer, jti_hash) DO UPDATE SET expires_at = excluded.expires_at " +
            "WHERE assertion_uses.expires_at < @Now",
            new
            {
                Issuer = issuer,
                JtiHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(jwtId))),
                ExpiresAt = expiresAt.ToUnixTimeMilliseconds(),
                Now = Now(),
            },
            cancellationToken: cancellationToken));
        return affected == 1;
    }

    public async Task<int> PruneAssertionUsesAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM assertion_uses WHERE expires_at < @Before", new { Before = before.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
    }
}
