using System.Data.Common;
using DbUp;
using Microsoft.Data.Sqlite;
using Tessera.Storage.Sql;

namespace Tessera.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in the data folder, in WAL mode so readers never wait for the writer.
/// Writers are serialised by SQLite itself (<c>BEGIN IMMEDIATE</c>), so no row locks are needed.
/// </summary>
public sealed class SqliteDialect : SqlDialect
{
    private readonly string _connectionString;

    public SqliteDialect(string databasePath)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            ForeignKeys = true,
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
    }

    public override string LockRowSuffix => "";

    public override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19 };

    public override void Migrate()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL;";
            command.ExecuteNonQuery();
        }

        var result = DeployChanges.To
            .SqliteDatabase(_connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(SqliteDialect).Assembly, name => name.Contains(".Migrations.Sqlite.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"The SQLite database could not be migrated ({result.ErrorScript?.Name}): {result.Error?.Message}",
                result.Error);
        }
    }
}
