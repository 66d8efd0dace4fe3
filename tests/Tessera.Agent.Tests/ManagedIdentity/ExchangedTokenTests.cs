using Tessera.Agent.ManagedIdentity;

namespace Tessera.Agent.Tests.ManagedIdentity;

/// <summary>When a token is refreshed and how long it may still be served.</summary>
public sealed class ExchangedTokenTests
{
    private static readonly DateTimeOffset s_received = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // lifetime s, refresh_in s (-1: absent), refresh after s, usable for s
    [InlineData(86400, 43200, 43200, 86100)]
    [InlineData(86400, -1, 86100, 86100)]
    [InlineData(3600, -1, 3300, 3300)]
    [InlineData(3600, 3500, 3300, 3300)]
    [InlineData(3600, 0, 3300, 3300)]
    [InlineData(400, -1, 200, 200)]
    public void Refresh_follows_refresh_in_within_five_minutes_of_expiry(
        int lifetime, int refreshIn, int refreshAfter, int usableFor)
    {
        var refresh = refreshIn < 0 ? (TimeSpan?)null : TimeSpan.FromSeconds(refreshIn);

        var token = ExchangedToken.From("t", s_received, TimeSpan.FromSeconds(lifetime), refresh);

        Assert.Equal(s_received.AddSeconds(lifetime), token.ExpiresAt);
        Assert.Equal(s_received.AddSeconds(refreshAfter), token.RefreshAt);
        Assert.Equal(s_received.AddSeconds(usableFor), token.UsableUntil);
    }

    [Fact]
    public void Printing_a_token_record_does_not_show_the_token()
    {
        var token = ExchangedToken.From("eyJ.secret.sig", s_received, TimeSpan.FromHours(1), null);

        Assert.DoesNotContain("eyJ", token.ToString(), StringComparison.Ordinal);
    }
}
