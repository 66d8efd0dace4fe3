using System.Text;
using System.Text.Json;
using Tessera.Client.Contracts;
using Tessera.Testing;

namespace Tessera.Server.Tests;

/// <summary>What survives a restart, and what the data folder looks like on disk.</summary>
public sealed class PersistenceTests
{
    [Fact]
    public async Task Restarted_server_keeps_tenants_identities_credentials_and_keys()
    {
        var folder = Directory.CreateTempSubdirectory("tessera-restart-").FullName;
        var port = TesseraTestServer.FreePort();
        try
        {
            Guid tenantId;
            IdentityResource identity;
            string issuerKeys;
            string stsKeys;
            string tokenBeforeRestart;
            await using (var first = await TesseraTestServer.StartAsync(dataDirectory: folder, port: port))
            {
                tenantId = first.TenantId;
                var issuer = await first.Admin.CreateIssuerAsync(new CreateIssuerRequest("ci"), default);
                await first.CreateResourceAsync("api://orders");
                identity = await first.CreateIdentityAsync(issuer.Url, "system:serviceaccount:prod:orders");
                issuerKeys = await first.Http.GetStringAsync(issuer.JwksUrl);
                stsKeys = await first.Http.GetStringAsync($"{tenantId}/discovery/v2.0/keys");
                tokenBeforeRestart = (await first.MintAsync("ci", "prod/orders")).Token;
            }

            await using var second = await TesseraTestServer.StartAsync(dataDirectory: folder, port: port);
            var (status, body, _) = await second.PostTokenAsync(
                TesseraTestServer.TokenForm(identity.ClientId, tokenBeforeRestart, "api://orders/.default"));

            Assert.Equal(tenantId, second.TenantId);
            Assert.Equal(identity.ClientId, (await second.Admin.GetIdentityAsync(identity.Name, null, default)).ClientId);
            Assert.Single(await second.Admin.ListCredentialsAsync(identity.Name, null, default));
            Assert.Equal(Kids(issuerKeys), Kids(await second.Http.GetStringAsync($"issuers/ci/openid/v1/jwks")));
            Assert.Equal(Kids(stsKeys), Kids(await second.Http.GetStringAsync($"{tenantId}/discovery/v2.0/keys")));
            Assert.True(status == 200, $"a token minted before the restart must still exchange: {body}");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Data_folder_and_secrets_are_private_to_the_service_user()
    {
        await using var server = await TesseraTestServer.StartAsync();
        var folder = server.DataDirectory;

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        foreach (var secret in new[] { "admin-token", "ca.key", "server.key", "server.json" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, secret)));
        }
    }

    [Fact]
    public async Task Database_holds_a_hash_of_the_admin_token_never_the_token()
    {
        await using var server = await TesseraTestServer.StartAsync(store: "sqlite");
        var token = server.Connection.AdminToken!;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var database = Encoding.ASCII.GetString(File.ReadAllBytes(Path.Combine(server.DataDirectory, "tessera.db")))
            + (File.Exists(Path.Combine(server.DataDirectory, "tessera.db-wal"))
                ? Encoding.ASCII.GetString(File.ReadAllBytes(Path.Combine(server.DataDirectory, "tessera.db-wal")))
                : "");

        Assert.StartsWith("tsa_", token, StringComparison.Ordinal);
        Assert.DoesNotContain(token, database, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(token))),
            database, StringComparison.Ordinal);
    }

    private static string[] Kids(string jwks)
    {
        using var document = JsonDocument.Parse(jwks);
        return [.. document.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
    }
}
