using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tessera.Agent.ManagedIdentity;

namespace Tessera.Agent.Tests.ManagedIdentity;

/// <summary>Tokens per identity and resource, refreshed on time, one exchange at a time per key.</summary>
public sealed class AccessTokenCacheTests : IDisposable
{
    private static readonly ServedIdentity s_worker = new(Guid.NewGuid(), Guid.NewGuid());
    private static readonly ServedIdentity s_reporter = new(Guid.NewGuid(), Guid.NewGuid());

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly FakeExchanger _exchanger;
    private readonly AccessTokenCache _cache;

    public AccessTokenCacheTests()
    {
        _exchanger = new FakeExchanger(_time);
        _cache = new AccessTokenCache(_exchanger, _time, NullLogger<AccessTokenCache>.Instance);
    }

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task Burst_of_requests_for_an_uncached_token_makes_one_exchange()
    {
        _exchanger.Hold();

        var waiting = Enumerable.Range(0, 50).Select(_ => _cache.GetAsync(s_worker, "api://orders", default)).ToList();
        _exchanger.Release();
        var tokens = await Task.WhenAll(waiting);

        Assert.Equal(1, _exchanger.Calls);
        Assert.All(tokens, t => Assert.Equal("token-1", t.AccessToken));
    }

    [Fact]
    public async Task Cached_token_is_served_until_refresh_in_and_then_renewed()
    {
        var first = await _cache.GetAsync(s_worker, "api://orders", default);

        _time.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        var beforeRefresh = await _cache.GetAsync(s_worker, "api://orders", default);
        _time.Advance(TimeSpan.FromSeconds(1));
        var atRefresh = await _cache.GetAsync(s_worker, "api://orders", default);

        Assert.Equal("token-1", first.AccessToken);
        Assert.Equal("token-1", beforeRefresh.AccessToken);
        Assert.Equal("token-2", atRefresh.AccessToken);
        Assert.Equal(2, _exchanger.Calls);
    }

    [Fact]
    public async Task Without_refresh_in_a_token_is_renewed_five_minutes_before_it_expires()
    {
        _exchanger.RefreshIn = null;
        _exchanger.Lifetime = TimeSpan.FromHours(1);
        await _cache.GetAsync(s_worker, "api://orders", default);

        _time.Advance(TimeSpan.FromMinutes(54));
        var stillCached = await _cache.GetAsync(s_worker, "api://orders", default);
        _time.Advance(TimeSpan.FromMinutes(1));
        var renewed = await _cache.GetAsync(s_worker, "api://orders", default);

        Assert.Equal("token-1", stillCached.AccessToken);
        Assert.Equal("token-2", renewed.AccessToken);
    }

    [Fact]
    public async Task Identities_and_resources_are_cached_apart()
    {
        var orders = await _cache.GetAsync(s_worker, "api://orders", default);
        var invoices = await _cache.GetAsync(s_worker, "api://invoices", default);
        var otherIdentity = await _cache.GetAsync(s_reporter, "api://orders", default);
        var ordersAgain = await _cache.GetAsync(s_worker, "api://orders", default);

        Assert.Equal(["token-1", "token-2", "token-3", "token-1"],
            [orders.AccessToken, invoices.AccessToken, otherIdentity.AccessToken, ordersAgain.AccessToken]);
        Assert.Equal(
            [
                (s_worker.ClientId, "api://orders"), (s_worker.ClientId, "api://invoices"),
                (s_reporter.ClientId, "api://orders"),
            ],
            _exchanger.Requests);
    }

    [Fact]
    public async Task Failed_refresh_serves_the_cached_token_while_it_is_usable()
    {
        await _cache.GetAsync(s_worker, "api://orders", default);
        _exchanger.Failure = EndpointError.Unavailable("Tessera is down");

        _time.Advance(TimeSpan.FromHours(13));
        var duringOutage = await _cache.GetAsync(s_worker, "api://orders", default);
        _time.Advance(TimeSpan.FromHours(11));
        var tooLate = await Assert.ThrowsAsync<ManagedIdentityException>(
            () => _cache.GetAsync(s_worker, "api://orders", default));

        Assert.Equal("token-1", duringOutage.AccessToken);
        Assert.Equal(503, tooLate.Error.Status);
        Assert.Equal("Tessera is down", tooLate.Error.Description);
    }

    [Fact]
    public async Task Failure_is_given_to_every_waiter_and_the_next_request_tries_again()
    {
        _exchanger.Hold();
        _exchanger.Failure = EndpointError.InvalidRequest("no such resource");

        var waiting = Enumerable.Range(0, 5).Select(_ => _cache.GetAsync(s_worker, "api://orders", default)).ToList();
        _exchanger.Release();
        var failures = await Task.WhenAll(waiting.Select(w => Assert.ThrowsAsync<ManagedIdentityException>(() => w)));
        _exchanger.Failure = null;
        var retried = await _cache.GetAsync(s_worker, "api://orders", default);

        Assert.All(failures, f => Assert.Equal("no such resource", f.Error.Description));
        Assert.Equal("token-2", retried.AccessToken);
        Assert.Equal(2, _exchanger.Calls);
    }

    [Fact]
    public async Task Caller_that_gives_up_does_not_cancel_the_exchange_others_wait_for()
    {
        _exchanger.Hold();
        using var impatient = new CancellationTokenSource();

        var leaving = _cache.GetAsync(s_worker, "api://orders", impatient.Token);
        var staying = _cache.GetAsync(s_worker, "api://orders", default);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        _exchanger.Release();
        var token = await staying;

        Assert.Equal("token-1", token.AccessToken);
        Assert.Equal(1, _exchanger.Calls);
    }
}
