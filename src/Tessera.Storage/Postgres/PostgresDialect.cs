using System.Data.Common;
using DbUp;
using Npgsql;
using Tessera.Storage.Sql;

namespace Tessera.Storage.Postgres;

/// <summary>
/// The store for several replicas: one PostgreSQL database shared by every Tessera server. Rules checked against
/// rows read in a transaction hold because those rows are locked (<c>FOR UPDATE</c>); migrations run under an
/// advisory lock so replicas starting together apply each one once.
/// </summary>
public sealed class PostgresDialect : SqlDialect, IDisposable
{
    /// <summary>Arbitrary, fixed: identifies Tessera's migration lock among the database's advisory locks.</summary>
    private const long MigrationLock = 0x7E55E7A;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _connectionString;

    public PostgresDialect(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "tessera";
        }

        _connectionString = builder.ConnectionString;
        _dataSource = NpgsqlDataSource.Create(_connectionString);
    }

    public override string LockRowSuffix => "FOR UPDATE";

    public override DbConnection CreateConnection() => _dataSource.CreateConnection();

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override void Migrate()
    {
        using var lockConnection = _dataSource.OpenConnection();
        using (var acquire = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLock})", lockConnection))
        {
            acquire.ExecuteNonQuery();
        }

        try
        {
            var result = DeployChanges.To
                .PostgresqlDatabase(_connectionString)
                .WithScriptsEmbeddedInAssembly(typeof(PostgresDialect).Assembly,
                    name => name.Contains(".Migrations.Postgres.", StringComparison.Ordinal))
                .WithTransactionPerScript()
                .LogToNowhere()
                .Build()
                .PerformUpgrade();
            if (!result.Successful)
            {
                throw new InvalidOperationException(
                    $"The PostgreSQL database could not be migrated ({result.ErrorScript?.Name}): {result.Error?.Message}",
                    result.Error);
            }
        }
        finally
        {
            using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLock})", lockConnection);
            release.ExecuteNonQuery();
        }
    }

    public void Dispose() => _dataSource.Dispose();
}
