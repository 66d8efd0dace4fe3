using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Tessera.Client;
using Tessera.Client.Contracts;

namespace Tessera.Bench.Exchange;

/// <summary>
/// A directory ready to benchmark: a hosted issuer, a resource, one identity trusting the issuer, and a file of
/// token request bodies with distinct valid assertions for wrk.
/// </summary>
internal sealed record Scenario(Guid TenantId, Guid ClientId, string BodiesFile)
{
    public const string Resource = "api://bench";

    public static async Task<Scenario> CreateAsync(ServerProcess server, int assertions)
    {
        using var admin = TesseraAdminClient.Connect(ServerConnection.Resolve(server.Url, server.DataDirectory));
        var issuer = await admin.CreateIssuerAsync(new CreateIssuerRequest("bench"), default);
        await admin.CreateIdentityAsync(new CreateIdentityRequest("bench-api", "app-registration", IdentifierUri: Resource), default);
        var identity = await admin.CreateIdentityAsync(new CreateIdentityRequest("bench-workload"), default);
        for (var i = 0; i < 19; i++)
        {
            // The identity holds 20 credentials, as many as allowed, so matching has something to search.
            await admin.CreateCredentialAsync(identity.Name, null,
                new CreateFederatedCredentialRequest($"other-{i}", issuer.Url, $"system:serviceaccount:other:sa-{i}"), default);
        }

        await admin.CreateCredentialAsync(identity.Name, null,
            new CreateFederatedCredentialRequest("bench", issuer.Url, "system:serviceaccount:bench:workload"), default);

        var bodies = Path.Combine(server.DataDirectory, "bodies.txt");
        var lines = new string[assertions];
        await Parallel.ForEachAsync(Enumerable.Range(0, assertions), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) =>
            {
                var token = await admin.MintWorkloadTokenAsync("bench",
                    new MintWorkloadTokenRequest("bench/workload", ExpirationSeconds: 86400), ct);
                lines[i] = await new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["client_id"] = identity.ClientId.ToString(),
                    ["grant_type"] = "client_credentials",
                    ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    ["client_assertion"] = token.Token,
                    ["scope"] = Resource + "/.default",
                }).ReadAsStringAsync(ct);
            });
        await File.WriteAllLinesAsync(bodies, lines);
        return new Scenario(identity.TenantId, identity.ClientId, bodies);
    }

    public string TokenUrl(ServerProcess server) => $"{server.Url}/{TenantId}/oauth2/v2.0/token";

    /// <summary>Fills the directory with <paramref name="identities"/> more identities of 20 credentials each, directly
    /// in the (stopped) server's SQLite database, which is far faster than the admin API for 200,000 rows.</summary>
    public void Populate(string database, int identities)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var identity = connection.CreateCommand();
        identity.CommandText = "INSERT INTO identities (client_id, principal_id, tenant_id, name, kind, resource_id, " +
            "identifier_uri, access_token_version, created_at) VALUES ($c, $p, $t, $n, 'managed-identity', NULL, NULL, 1, $now)";
        using var credential = connection.CreateCommand();
        credential.CommandText = "INSERT INTO federated_credentials (id, client_id, name, issuer, subject, audience, " +
            "description, created_at) VALUES ($id, $c, $n, $i, $s, 'api://AzureADTokenExchange', NULL, $now)";
        for (var i = 0; i < identities; i++)
        {
            var clientId = Guid.NewGuid().ToString();
            identity.Parameters.Clear();
            identity.Parameters.AddWithValue("$c", clientId);
            identity.Parameters.AddWithValue("$p", Guid.NewGuid().ToString());
            identity.Parameters.AddWithValue("$t", TenantId.ToString());
            identity.Parameters.AddWithValue("$n", $"filler-{i}");
            identity.Parameters.AddWithValue("$now", now);
            identity.ExecuteNonQuery();
            for (var j = 0; j < 20; j++)
            {
                credential.Parameters.Clear();
                credential.Parameters.AddWithValue("$id", Guid.NewGuid().ToString());
                credential.Parameters.AddWithValue("$c", clientId);
                credential.Parameters.AddWithValue("$n", $"fic-{j}");
                credential.Parameters.AddWithValue("$i", $"https://issuer-{j}.example/cluster");
                credential.Parameters.AddWithValue("$s", $"system:serviceaccount:ns-{i}:sa-{j}");
                credential.Parameters.AddWithValue("$now", now);
                credential.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
