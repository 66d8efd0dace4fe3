using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Tessera.Client;
using Tessera.Server.Hosting;
using Tessera.Testing;

namespace Tessera.Server.Tests;

/// <summary>
/// A damaged or shared data folder gets a clear refusal or a safe repair, never a silent fresh start or a server
/// that cannot be reached. These are about the embedded store's files, so they run on SQLite whatever the run's store.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFolderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tessera-folder-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private string File(string name) => Path.Combine(_folder, name);

    private async Task InstallAsync()
    {
        await using var server = await TesseraTestServer.StartAsync(dataDirectory: _folder, store: "sqlite");
        SqliteConnection.ClearAllPools();
    }

    private Task<TesseraServer> StartAsync(int port = 0) =>
        TesseraServer.StartAsync(new ServerOptions { DataDirectory = _folder, Port = port });

    [Fact]
    public async Task Second_server_on_the_same_data_folder_is_refused()
    {
        await using var first = await TesseraTestServer.StartAsync(dataDirectory: _folder, store: "sqlite");

        var refusal = await Assert.ThrowsAsync<IOException>(() => StartAsync());

        Assert.Contains("Another Tessera server is already serving from the data folder", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(first.BaseUrl, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopped_server_removes_its_address_from_the_data_folder()
    {
        await InstallAsync();

        Assert.False(System.IO.File.Exists(File("server.json")));
        Assert.True(System.IO.File.Exists(File("admin-token")));
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("empty")]
    public async Task Installation_whose_database_vanished_is_not_silently_started_over(string damage)
    {
        await InstallAsync();
        if (damage == "delete")
        {
            System.IO.File.Delete(File("tessera.db"));
        }
        else
        {
            await System.IO.File.WriteAllBytesAsync(File("tessera.db"), []);
        }

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync());

        Assert.Contains("tessera.db is missing or empty", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrupt_database_is_refused_naming_the_file()
    {
        await InstallAsync();
        await System.IO.File.WriteAllBytesAsync(File("tessera.db"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(8192));

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync());

        Assert.Contains($"The database '{File("tessera.db")}' cannot be used", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Restore it from a backup", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lost_ca_is_replaced_together_with_the_server_certificate_it_issued()
    {
        await InstallAsync();
        var oldCa = await System.IO.File.ReadAllTextAsync(File("ca.pem"));
        System.IO.File.Delete(File("ca.pem"));
        System.IO.File.Delete(File("ca.key"));

        await using var server = await StartAsync();
        using var client = ServerConnection.Resolve(server.BaseUrl, _folder).CreateHttpClient();
        var response = await client.GetAsync("healthz");

        Assert.NotEqual(oldCa, await System.IO.File.ReadAllTextAsync(File("ca.pem")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("ca.key")]
    [InlineData("ca.pem")]
    public async Task Half_a_ca_is_refused_rather_than_replaced(string missing)
    {
        await InstallAsync();
        System.IO.File.Delete(File(missing));

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync());

        Assert.Contains($"'{File(missing)}' is missing while its partner file exists", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbled_server_certificate_is_reissued()
    {
        await InstallAsync();
        await System.IO.File.WriteAllTextAsync(File("server.pem"), "not a certificate");

        await using var server = await StartAsync();
        using var client = ServerConnection.Resolve(server.BaseUrl, _folder).CreateHttpClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("healthz")).StatusCode);
    }

    [Fact]
    public async Task Database_and_its_journal_are_private()
    {
        await using var server = await TesseraTestServer.StartAsync(dataDirectory: _folder, store: "sqlite");
        await server.Admin.CreateTenantAsync(new Client.Contracts.CreateTenantRequest("journalled"), default);

        foreach (var name in new[] { "tessera.db", "tessera.db-wal", "tessera.db-shm" }.Where(n => System.IO.File.Exists(File(n))))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(File(name)));
        }
    }

    [Fact]
    public async Task Loosened_secret_files_are_narrowed_again_at_start()
    {
        await InstallAsync();
        System.IO.File.SetUnixFileMode(File("admin-token"), (UnixFileMode)0b110_100_100);

        await using var server = await StartAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(File("admin-token")));
    }

    [Fact]
    public async Task Port_in_use_is_refused_before_anything_is_written()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var refusal = await Assert.ThrowsAsync<IOException>(() => StartAsync(port));

        Assert.Contains($"Port {port} on 127.0.0.1 is already in use", refusal.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder));
    }
}
