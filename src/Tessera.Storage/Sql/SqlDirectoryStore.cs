using System.Data.Common;
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

    /// <summary>Runs <paramref name="write"/> in a transaction, turning unique violations into conflicts.</summary>
    private async Task<T> WriteAsync<T>(
        Func<DbConnection, DbTransaction, Task<T>> write, Func<string> conflictMessage, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            var result = await write(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (DbException ex) when (dialect.IsUniqueViolation(ex))
        {
            throw DirectoryException.Conflict(conflictMessage());
        }
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    private static DateTimeOffset? Time(long? milliseconds) => milliseconds is { } ms ? Time(ms) : null;

    private static long? Milliseconds(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();
}
