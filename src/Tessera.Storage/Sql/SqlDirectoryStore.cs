using System.Data.Common;
using Dapper;
using Tessera.Domain.Rules;

namespace Tessera.Storage.Sql;

/// <summary>
/// The directory store over any SQL database described by a <see cref="SqlDialect"/>. One connection per
/// operation, taken from the driver's pool; nothing is cached here.
/// </summary>
public sealed partial class SqlDirectoryStore(SqlDialect dialect, TimeProvider time) : IDirectoryStore
{
    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = dialect.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="write"/> in a transaction, turning unique violations into conflicts. Unless told the write
    /// leaves the directory as it was (logs, settings), it bumps the directory version in the same transaction, so
    /// every replica's cache learns of it.
    /// </summary>
    private async Task<T> WriteAsync<T>(
        Func<DbConnection, DbTransaction, Task<T>> write,
        Func<string> conflictMessage,
        CancellationToken cancellationToken,
        Func<T, bool>? changedDirectory = null)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            var result = await write(connection, transaction);
            // Watchers on every replica clear their caches when the version moves, so a write that turned out to
            // change nothing (a rotation not yet due, a purge with nothing to purge) leaves it alone.
            if (changedDirectory?.Invoke(result) ?? true)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE directory_version SET version = version + 1 WHERE id = 1", transaction: transaction,
                    cancellationToken: cancellationToken));
            }

            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (DbException ex) when (dialect.IsUniqueViolation(ex))
        {
            throw DirectoryException.Conflict(conflictMessage());
        }
    }

    public async Task<long> GetDirectoryVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT version FROM directory_version WHERE id = 1", cancellationToken: cancellationToken));
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    private static DateTimeOffset? Time(long? milliseconds) => milliseconds is { } ms ? Time(ms) : null;

    private static long? Milliseconds(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();
}
