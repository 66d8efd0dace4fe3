using Npgsql;
using Tessera.Client.Files;
using Tessera.Storage.Postgres;
using Tessera.Storage.Sql;
using Tessera.Storage.Sqlite;

namespace Tessera.Server.Hosting;

/// <summary>The stores Tessera runs on, and how to open one from options.</summary>
public static class StoreKinds
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>The environment variables <c>serve</c> reads when the options are not given.</summary>
    public const string StoreVariable = "TESSERA_STORE";
    public const string ConnectionVariable = "TESSERA_STORE_CONNECTION";

    public static IEnumerable<string> Validate(string store, string? connection)
    {
        if (store is not (Sqlite or Postgres))
        {
            yield return $"--store '{store}' is not a store; use '{Sqlite}' (embedded, the default) or '{Postgres}'.";
            yield break;
        }

        if (store == Postgres && string.IsNullOrWhiteSpace(connection))
        {
            yield return $"--store {Postgres} needs a connection string: --connection 'Host=…;Database=…;Username=…' " +
                $"or ${ConnectionVariable}.";
            yield break;
        }

        if (store == Postgres && !IsConnectionString(connection!))
        {
            // The connection string may hold a password: name it, never echo it.
            yield return "The PostgreSQL connection string is not valid; write it as Key=Value pairs such as " +
                "'Host=db;Port=5432;Database=tessera;Username=tessera;Password=…'.";
        }
    }

    /// <summary>Opens the store the options name; the data folder holds the SQLite database.</summary>
    public static SqlDialect Open(string store, string? connection, DataFolder folder) => store == Postgres
        ? new PostgresDialect(connection!)
        : new SqliteDialect(folder.Database);

    private static bool IsConnectionString(string connection)
    {
        try
        {
            return !string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(connection).Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
