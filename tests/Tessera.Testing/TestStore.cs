using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Tessera.Testing;

/// <summary>
/// Which store the test run uses. The test script runs the suite twice: on SQLite, and with
/// <c>TESSERA_TEST_STORE=postgres</c> against a real PostgreSQL server it starts, whose admin connection string is in
/// <c>TESSERA_TEST_POSTGRES</c>. Each data folder gets its own database there, so tests never see each other's rows.
/// </summary>
public static class TestStore
{
    public static bool UsePostgres => Environment.GetEnvironmentVariable("TESSERA_TEST_STORE") == "postgres";

    /// <summary>The store name for <c>tessera serve --store</c>.</summary>
    public static string Kind => UsePostgres ? "postgres" : "sqlite";

    /// <summary>
    /// A connection string to a database belonging to <paramref name="dataDirectory"/>, created on first use; the
    /// same folder always maps to the same database, so a restarted server finds its rows again.
    /// </summary>
    public static string DatabaseFor(string dataDirectory) =>
        Database("tessera_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..20]);

    /// <summary>The admin connection string of the test PostgreSQL server, which the test script starts.</summary>
    public static string AdminConnection => Environment.GetEnvironmentVariable("TESSERA_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "This test needs the PostgreSQL server the test script starts (TESSERA_TEST_POSTGRES); run ./scripts/test.");

    /// <summary>A connection string to the database <paramref name="name"/>, created on first use.</summary>
    public static string Database(string name)
    {
        var admin = AdminConnection;
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", name);
            if (exists.ExecuteScalar() is null)
            {
                using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                create.ExecuteNonQuery();
            }
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// The key-encryption key for a test database, in base64: derived from the database's name, so every replica of
    /// a test that shares the database shares the key, as production replicas must.
    /// </summary>
    public static string KeyEncryptionKeyFor(string connection) => Convert.ToBase64String(
        SHA256.HashData(Encoding.UTF8.GetBytes("tessera-test-kek:" + new NpgsqlConnectionStringBuilder(connection).Database)));

    /// <summary>The key of <see cref="KeyEncryptionKeyFor"/> in a file, as <c>--key-encryption-key-file</c> takes it.</summary>
    public static string KeyEncryptionKeyFileFor(string connection)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tessera-test-kek-{new NpgsqlConnectionStringBuilder(connection).Database}");
        File.WriteAllText(path, KeyEncryptionKeyFor(connection));
        return path;
    }
}
