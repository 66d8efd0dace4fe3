using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tessera.Client;
using Tessera.Client.Contracts;
using Tessera.Storage.Caching;
using Tessera.Testing;

namespace Tessera.Server.Tests;

/// <summary>
/// Several servers on one PostgreSQL database: a change made through one is honoured by the others within
/// seconds, exchanges need no database round trip once warm, and keep working from cache when the database is gone.
/// Always on PostgreSQL, whatever the run's store: replicas need a shared database.
/// </summary>
public sealed class ReplicaTests
{
    private const string Subject = "system:serviceaccount:prod:orders";

    private static string NewDatabase() => TestStore.Database("tessera_replicas_" + Guid.NewGuid().ToString("N")[..12]);

    private static Task<TesseraTestServer> ReplicaAsync(string connection, TesseraTestServer? sibling = null)
    {
        // Replicas share the database, not a data folder; the admin token reaches them as a file, as from a secret.
        string? folder = null;
        if (sibling is not null)
        {
            folder = Directory.CreateTempSubdirectory("tessera-replica-").FullName;
            File.Copy(Path.Combine(sibling.DataDirectory, "admin-token"), Path.Combine(folder, "admin-token"));
        }

        // Test replicas also have their own local CAs; in production they share one certificate.
        IReadOnlyList<string>? trust = sibling is null ? null : [sibling.Server.CaCertificatePath!];
        return TesseraTestServer.StartAsync(dataDirectory: folder, issuerCaFiles: trust, store: "postgres", storeConnection: connection);
    }

    [Fact]
    public async Task Change_made_through_one_replica_is_honoured_by_another_within_seconds()
    {
        var database = NewDatabase();
        await using var first = await ReplicaAsync(database);
        await using var second = await ReplicaAsync(database, sibling: first);
        var issuer = await first.CreateIssuerAsync();
        await first.CreateResourceAsync("api://orders");
        var identity = await first.Admin.CreateIdentityAsync(new CreateIdentityRequest("orders-worker"), default);
        // Each test replica has its own port, so its own issuer URL; the first one's issuer is the one trusted.
        var token = (await first.MintAsync(issuer.Name, "prod/orders")).Token;
        var refusedBefore = await ExchangeAsync(second, identity.ClientId, token);

        await first.Admin.CreateCredentialAsync(identity.Name, null, new CreateFederatedCredentialRequest("prod", issuer.Url, Subject), default);
        var status = await WaitForAsync(() => ExchangeAsync(second, identity.ClientId, token), s => s == 200);

        Assert.Equal(first.TenantId, second.TenantId);
        Assert.Equal(401, refusedBefore);
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Sign_in_records_still_queued_when_a_replica_stops_are_written_before_it_exits()
    {
        var database = NewDatabase();
        var first = await ReplicaAsync(database);
        var issuer = await first.CreateIssuerAsync();
        await first.CreateResourceAsync("api://orders");
        var identity = await first.CreateIdentityAsync(issuer.Url, Subject);
        var tokens = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            tokens.Add((await first.MintAsync(issuer.Name, "prod/orders")).Token);
        }

        var statuses = await Task.WhenAll(tokens.Select(t => ExchangeAsync(first, identity.ClientId, t)));
        var folder = Directory.CreateTempSubdirectory("tessera-replica-").FullName;
        File.Copy(Path.Combine(first.DataDirectory, "admin-token"), Path.Combine(folder, "admin-token"));
        // Stopping at once after the last answer: the background writer has had no chance to store every record,
        // so what the next replica reads was written by the graceful stop.
        await first.DisposeAsync();
        await using var next = await TesseraTestServer.StartAsync(dataDirectory: folder, store: "postgres", storeConnection: database);
        var recorded = await next.Admin.ListSignInsAsync(identity.ClientId.ToString(), "success", null, null, null, 1000, default);

        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.Equal(tokens.Count, recorded.Count);
    }

    [Fact]
    public async Task Warm_exchanges_make_no_directory_round_trip()
    {
        await using var server = await ReplicaAsync(NewDatabase());
        var issuer = await server.CreateIssuerAsync();
        await server.CreateResourceAsync("api://orders");
        var identity = await server.CreateIdentityAsync(issuer.Url, Subject);
        var cache = server.Server.Services.GetRequiredService<CachedDirectoryStore>();
        Assert.Equal(200, await ExchangeAsync(server, identity.ClientId, (await server.MintAsync(issuer.Name, "prod/orders")).Token));
        var tokens = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            tokens.Add((await server.MintAsync(issuer.Name, "prod/orders")).Token);
        }

        var before = cache.Statistics;
        foreach (var token in tokens)
        {
            Assert.Equal(200, await ExchangeAsync(server, identity.ClientId, token));
        }

        var after = cache.Statistics;
        Assert.Equal(before.Misses, after.Misses);
        Assert.True(after.Hits - before.Hits >= 20, $"{after.Hits - before.Hits} hits");
    }

    [Fact]
    public async Task Exchanges_continue_from_cache_while_the_database_is_unreachable_and_writes_fail_clearly()
    {
        var direct = new NpgsqlConnectionStringBuilder(NewDatabase());
        using var proxy = new TcpProxy(direct.Host!, direct.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Port = proxy.Port, Pooling = false, Timeout = 3 };
        await using var server = await ReplicaAsync(viaProxy.ConnectionString);
        var issuer = await server.CreateIssuerAsync();
        await server.CreateResourceAsync("api://orders");
        var identity = await server.CreateIdentityAsync(issuer.Url, Subject);
        var tokens = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            tokens.Add((await server.MintAsync(issuer.Name, "prod/orders")).Token);
        }

        Assert.Equal(200, await ExchangeAsync(server, identity.ClientId, tokens[0]));

        proxy.Cut();
        var duringOutage = await ExchangeAsync(server, identity.ClientId, tokens[1]);
        var write = await Assert.ThrowsAsync<TesseraClientException>(() =>
            server.Admin.CreateIdentityAsync(new CreateIdentityRequest("during-outage"), default));
        proxy.Restore();
        var afterOutage = await WaitForAsync(() => ExchangeAsync(server, identity.ClientId, tokens[2]), s => s == 200);

        Assert.Equal(200, duringOutage);
        Assert.Equal(503, write.Status);
        Assert.Contains("The store is unreachable, so the change was not saved", write.Message, StringComparison.Ordinal);
        Assert.Equal(200, afterOutage);
    }

    [Fact]
    public async Task Replay_protected_assertion_is_accepted_once_across_replicas()
    {
        var database = NewDatabase();
        await using var first = await ReplicaAsync(database);
        await using var second = await ReplicaAsync(database, sibling: first);
        var issuer = await first.CreateIssuerAsync();
        await first.CreateResourceAsync("api://orders");
        var identity = await first.CreateIdentityAsync(issuer.Url, Subject);
        await first.Admin.SetTrustedIssuerAsync(new SetTrustedIssuerRequest(issuer.Url, true), default);
        var seen = await WaitForAsync(async () =>
            (await second.Admin.ListTrustedIssuersAsync(default)).Count(i => i.Issuer == issuer.Url && i.ReplayProtection),
            count => count == 1);
        var token = (await first.MintAsync(issuer.Name, "prod/orders")).Token;
        var racing = (await first.MintAsync(issuer.Name, "prod/orders")).Token;

        var once = await ExchangeAsync(first, identity.ClientId, token);
        var replayed = await ExchangeAsync(second, identity.ClientId, token);
        var raced = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            ExchangeAsync(i % 2 == 0 ? first : second, identity.ClientId, racing)));

        Assert.Equal(1, seen);
        Assert.Equal(200, once);
        Assert.Equal(400, replayed);
        Assert.Equal(1, raced.Count(s => s == 200));
        Assert.Equal(5, raced.Count(s => s == 400));
    }

    private static async Task<int> ExchangeAsync(TesseraTestServer server, Guid clientId, string token)
    {
        var (status, _, _) = await server.PostTokenAsync(TesseraTestServer.TokenForm(clientId, token, "api://orders/.default"));
        return status;
    }

    private static async Task<int> WaitForAsync(Func<Task<int>> attempt, Func<int, bool> done)
    {
        var status = 0;
        for (var i = 0; i < 50; i++)
        {
            status = await attempt();
            if (done(status))
            {
                return status;
            }

            await Task.Delay(200);
        }

        return status;
    }
}
