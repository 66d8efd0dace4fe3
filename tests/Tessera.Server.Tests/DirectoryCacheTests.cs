using Microsoft.Extensions.DependencyInjection;
using Tessera.Client.Contracts;
using Tessera.Domain.Identities;
using Tessera.Storage.Caching;
using Tessera.Storage.Sql;
using Tessera.Testing;

namespace Tessera.Server.Tests;

/// <summary>
/// The directory cache is cleared once per change: a change made through this replica must not come back a second
/// later, through the version watcher, as a change made elsewhere. Each needless clear costs every replica a round of
/// database reads, and while the database is down it turns exchanges that the cache could serve into failures.
/// On a fake clock, so the watcher polls only when a test moves the clock.
/// </summary>
public sealed class DirectoryCacheTests : IAsyncLifetime
{
    private TesseraTestServer _server = null!;

    public async Task InitializeAsync() => _server = await TesseraTestServer.StartAsync(fakeTime: true);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private CachedDirectoryStore Cache => _server.Server.Services.GetRequiredService<CachedDirectoryStore>();

    [Fact]
    public async Task Audited_admin_change_is_not_seen_again_as_a_change_made_elsewhere()
    {
        await Cache.ObserveVersionAsync(default);

        var identity = await _server.Admin.CreateIdentityAsync(new CreateIdentityRequest("cache-probe"), default);
        var audited = await _server.Admin.ListAuditAsync(null, null, "identity.create", null, null, 100, default);
        var seenAsForeign = await Cache.ObserveVersionAsync(default);

        Assert.Contains(audited, record => record.Target == $"/admin/identities/{identity.ClientId}");
        Assert.False(seenAsForeign);
    }

    [Fact]
    public async Task Change_written_past_the_cache_is_seen_by_the_watcher()
    {
        // The counterpart: a write that bypasses this replica's cache, as another replica's would, must be noticed.
        var store = _server.Server.Services.GetRequiredService<SqlDirectoryStore>();
        await Cache.ObserveVersionAsync(default);

        await store.CreateIdentityAsync(_server.TenantId, new IdentityDraft("written-elsewhere", null), default);
        var seen = await Cache.ObserveVersionAsync(default);

        Assert.True(seen);
    }
}
