using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Client;
using Tessera.Client.Contracts;
using Tessera.Storage;
using Tessera.Testing;

namespace Tessera.Server.Tests;

/// <summary>
/// A whole working session — serve, create, mint, exchange, administer with an access token, rotate the admin
/// token, and a series of failures — with every log line captured at every level and category. No admin token,
/// agent secret, workload token, access token or private key may appear in any of it.
/// </summary>
public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task No_secret_appears_in_any_log_line_of_a_full_session()
    {
        var logs = new CapturedLogs();
        await using var server = await TesseraTestServer.StartAsync(logging: logs.AddTo);
        var secrets = new Secrets();
        secrets.Add("admin token", server.Connection.AdminToken!);

        await RunSessionAsync(server, secrets);
        await RunFailuresAsync(server, secrets);
        var rotated = await server.Admin.RotateAdminTokenAsync(default);
        secrets.Add("rotated admin token", rotated.Token);
        await AddPrivateKeysAsync(server, secrets);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the sign-in log writes in batches, which log too

        var text = logs.AllText;
        Assert.True(logs.Lines.Count > 50, $"only {logs.Lines.Count} log lines were captured");
        Assert.Contains("Token issued", text, StringComparison.Ordinal);
        Assert.Contains("Token refused", text, StringComparison.Ordinal);
        foreach (var (what, value) in secrets.All)
        {
            Assert.False(text.Contains(value, StringComparison.Ordinal), $"The logs contain the {what}.");
        }
    }

    private static async Task RunSessionAsync(TesseraTestServer server, Secrets secrets)
    {
        var issuer = await server.CreateIssuerAsync();
        var agent = await server.Admin.CreateAgentCredentialAsync(
            issuer.Name, new CreateAgentCredentialRequest("ns/*"), default);
        secrets.Add("agent secret", agent.Secret!);
        await server.CreateResourceAsync("api://leak-check");
        var identity = await server.CreateIdentityAsync(issuer.Url, "system:serviceaccount:ns:worker");

        using var agentClient = new TesseraAdminClient(server.Connection.CreateHttpClient(), agent.Secret!);
        var workload = await agentClient.MintWorkloadTokenAsync(
            issuer.Name, new MintWorkloadTokenRequest("ns/worker"), default);
        secrets.AddToken("workload token", workload.Token);
        var (status, body, _) = await server.PostTokenAsync(
            TesseraTestServer.TokenForm(identity.ClientId, workload.Token, "api://leak-check/.default"));
        Assert.Equal(200, status);
        secrets.AddToken("access token", body.GetProperty("access_token").GetString()!);

        var owner = await server.CreateRoleHolderAsync("Owner");
        var adminAccess = await owner.AccessTokenAsync();
        secrets.AddToken("admin access token", adminAccess);
        using var ownerClient = new TesseraAdminClient(server.Connection.CreateHttpClient(), adminAccess);
        await ownerClient.CreateCredentialAsync(identity.ClientId.ToString(), null,
            new CreateFederatedCredentialRequest("by-owner", issuer.Url, "system:serviceaccount:ns:other"), default);
        await server.Admin.ExplainAsync(new ExplainRequest(workload.Token, identity.ClientId.ToString()), default);
    }

    private static async Task RunFailuresAsync(TesseraTestServer server, Secrets secrets)
    {
        var issuer = await server.CreateIssuerAsync();
        var identity = await server.CreateIdentityAsync(issuer.Url, "system:serviceaccount:ns:right");
        var wrongSubject = (await server.MintAsync(issuer.Name, "ns/wrong")).Token;
        secrets.AddToken("refused workload token", wrongSubject);
        var parts = wrongSubject.Split('.');
        var tampered = $"{parts[0]}.{parts[1]}.{parts[2][..^4]}AAAA";

        foreach (var assertion in new[] { wrongSubject, tampered, "not-a-jwt", parts[0] + "." + parts[1] + "." })
        {
            await server.PostTokenAsync(
                TesseraTestServer.TokenForm(identity.ClientId, assertion, "api://leak-check/.default"));
        }

        await server.PostTokenAsync(
            TesseraTestServer.TokenForm(Guid.NewGuid(), wrongSubject, "api://leak-check/.default"));
        string[] bearers = ["tsa_" + new string('x', 43), "tsg_" + new string('y', 43), wrongSubject, tampered];
        foreach (var bearer in bearers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "admin/identities");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            using var response = await server.Http.SendAsync(request);
            Assert.Equal(401, (int)response.StatusCode);
        }

        var reader = await server.CreateRoleHolderAsync("Reader");
        using var readerClient = await reader.AdminClientAsync();
        await Assert.ThrowsAsync<TesseraClientException>(
            () => readerClient.CreateIssuerAsync(new CreateIssuerRequest("no"), default));
    }

    private static async Task AddPrivateKeysAsync(TesseraTestServer server, Secrets secrets)
    {
        var store = server.Server.Services.GetRequiredService<IDirectoryStore>();
        var issuers = await store.ListIssuersAsync(default);
        foreach (var owner in issuers.Select(i => KeyOwners.Issuer(i.Name)).Prepend(KeyOwners.Sts))
        {
            foreach (var key in await store.ListSigningKeysAsync(owner, default))
            {
                var base64 = Convert.ToBase64String(key.PrivateKey);
                secrets.Add($"private key of {owner} (base64)", base64);
                secrets.Add($"private key of {owner} (PEM line)", base64.Substring(base64.Length / 2, 64));
                secrets.Add($"private key of {owner} (hex)", Convert.ToHexString(key.PrivateKey)[^64..]);
            }
        }

        foreach (var file in new[] { server.Server.Folder.CaKey, server.Server.Folder.ServerKey })
        {
            var lines = (await File.ReadAllLinesAsync(file))
                .Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).ToList();
            secrets.Add($"a line of {Path.GetFileName(file)}", lines[lines.Count / 2]);
        }
    }

    /// <summary>Values that must not be logged, each with a name for the failure message.</summary>
    private sealed class Secrets
    {
        private readonly List<(string What, string Value)> _values = [];

        public IReadOnlyList<(string What, string Value)> All => _values;

        public void Add(string what, string value) => _values.Add((what, value));

        /// <summary>A JWT whole, and its signature alone: either would let someone replay or forge it.</summary>
        public void AddToken(string what, string token)
        {
            Add(what, token);
            Add(what + " signature", token.Split('.')[2]);
            Add(what + " signing input", token[..token.LastIndexOf('.')]);
        }
    }
}
