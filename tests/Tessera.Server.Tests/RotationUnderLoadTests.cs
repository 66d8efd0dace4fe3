using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tessera.Client.Contracts;
using Tessera.Client.Tls;
using Tessera.Testing;

namespace Tessera.Server.Tests;

/// <summary>
/// Two replicas on one PostgreSQL database serve continuous exchanges while every signing key (the STS's and the
/// hosted issuer's) is rotated twice: no exchange fails and no access token is refused by a resource. Leads and
/// caches are seconds here instead of hours, and the resource refreshes Tessera's key set every second; the
/// defaults keep the same order (lead longer than every cache) at production scale.
/// </summary>
public sealed class RotationUnderLoadTests
{
    private const string Subject = "system:serviceaccount:prod:orders";
    private const int Lead = 5;

    [Fact]
    public async Task Rotating_every_key_twice_under_load_fails_no_exchange_and_no_resource_check()
    {
        var database = TestStore.Database("tessera_rotation_" + Guid.NewGuid().ToString("N")[..12]);
        await using var first = await ReplicaAsync(database, null);
        await using var second = await ReplicaAsync(database, first);
        var issuer = await first.Admin.CreateIssuerAsync(new CreateIssuerRequest("cluster"), default);
        await first.CreateResourceAsync("api://orders");
        var identity = await first.CreateIdentityAsync(issuer.Url, Subject);
        using var resource = new RefreshingResource(first, second);
        await resource.RefreshAsync();
        using var stop = new CancellationTokenSource();
        var outcomes = new ConcurrentBag<string>();
        var stsKids = new ConcurrentDictionary<string, bool>();
        var issuerKids = new ConcurrentDictionary<string, bool>();

        var load = Enumerable.Range(0, 3).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var workload = (await first.MintAsync(issuer.Name, "prod/orders")).Token;
                issuerKids[Kid(workload)] = true;
                var replica = (i + worker) % 2 == 0 ? first : second;
                var (status, body, _) = await replica.PostTokenAsync(
                    TesseraTestServer.TokenForm(identity.ClientId, workload, "api://orders/.default"));
                if (status != 200)
                {
                    outcomes.Add($"exchange failed: {body}");
                    continue;
                }

                var accessToken = body.GetProperty("access_token").GetString()!;
                stsKids[Kid(accessToken)] = true;
                outcomes.Add(await resource.CheckAsync(accessToken) ?? "ok");
            }
        })).ToList();

        for (var rotation = 0; rotation < 2; rotation++)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var results = await first.Admin.RotateKeysAsync(new RotateKeysRequest(LeadSeconds: Lead), default);
            Assert.All(results, r => Assert.True(r.Rotated, r.Detail));
            await Task.Delay(TimeSpan.FromSeconds(Lead + 3));
        }

        await stop.CancelAsync();
        await Task.WhenAll(load);

        var failures = outcomes.Where(o => o != "ok").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
        Assert.True(outcomes.Count > 30, $"only {outcomes.Count} exchanges ran");
        Assert.Equal(3, stsKids.Count);
        Assert.Equal(3, issuerKids.Count);
    }

    private static Task<TesseraTestServer> ReplicaAsync(string database, TesseraTestServer? sibling)
    {
        string? folder = null;
        IReadOnlyList<string>? trust = null;
        if (sibling is not null)
        {
            folder = Directory.CreateTempSubdirectory("tessera-rotation-").FullName;
            File.Copy(Path.Combine(sibling.DataDirectory, "admin-token"), Path.Combine(folder, "admin-token"));
            trust = [sibling.Server.CaCertificatePath!];
        }

        return TesseraTestServer.StartAsync(dataDirectory: folder, issuerCaFiles: trust, store: "postgres",
            storeConnection: database, configure: options => options with
            {
                IssuerFetch = new Tessera.Sts.IssuerFetchOptions
                {
                    CacheDuration = TimeSpan.FromSeconds(1),
                    MinRefetchInterval = TimeSpan.FromSeconds(1),
                },
            });
    }

    private static string Kid(string token)
    {
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[0])));
        return header.RootElement.GetProperty("kid").GetString()!;
    }

    /// <summary>
    /// A resource server as any JWT library makes one: it validates with the key set it last fetched from Tessera
    /// (every second here) and never fetches on demand, so a token signed before its key was published would fail.
    /// </summary>
    private sealed class RefreshingResource : IDisposable
    {
        private readonly HttpClient _http;
        private readonly string _keysUrl;
        private readonly string[] _issuers;
        private readonly CancellationTokenSource _stop = new();
        private volatile IList<SecurityKey> _keys = [];

        public RefreshingResource(TesseraTestServer first, TesseraTestServer second)
        {
            _http = new HttpClient(ExtraRootTrust.FromPemFile(first.Server.CaCertificatePath!).CreateHandler());
            _keysUrl = $"{first.BaseUrl}/{first.TenantId}/discovery/v2.0/keys";
            _issuers = [$"{first.BaseUrl}/{first.TenantId}/", $"{second.BaseUrl}/{second.TenantId}/"];
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    await Task.Delay(1000);
                    await RefreshAsync();
                }
            });
        }

        public async Task RefreshAsync() =>
            _keys = new JsonWebKeySet(await _http.GetStringAsync(_keysUrl)).GetSigningKeys();

        /// <summary>Null when the token is accepted; else why not.</summary>
        public async Task<string?> CheckAsync(string token)
        {
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
            {
                ValidIssuers = _issuers,
                ValidAudience = "api://orders",
                IssuerSigningKeys = _keys,
                ValidAlgorithms = ["RS256"],
            });
            return result.IsValid ? null : $"resource refused a token with kid {Kid(token)}: {result.Exception?.Message}";
        }

        public void Dispose()
        {
            _stop.Cancel();
            _http.Dispose();
            _stop.Dispose();
        }
    }
}
