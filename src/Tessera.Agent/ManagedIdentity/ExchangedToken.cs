namespace Tessera.Agent.ManagedIdentity;

/// <summary>
/// An access token from Tessera's token endpoint, its lifetime counted from when it was requested, and when to stop
/// serving it. <see cref="RefreshAt"/> is when a new one is fetched (at <c>refresh_in</c> when Tessera sent it, else
/// five minutes before expiry); until <see cref="UsableUntil"/> it is still served if that fetch fails.
/// </summary>
public sealed record ExchangedToken(
    string AccessToken,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset RefreshAt,
    DateTimeOffset UsableUntil)
{
    /// <summary>
    /// Never served with less than this left, because the SDKs themselves refresh five minutes before expiry and
    /// would otherwise ask again at once.
    /// </summary>
    public static readonly TimeSpan ExpiryMargin = TimeSpan.FromMinutes(5);

    public static ExchangedToken From(
        string accessToken, DateTimeOffset requestedAt, TimeSpan expiresIn, TimeSpan? refreshIn)
    {
        var expiresAt = requestedAt + expiresIn;

        // A token too short-lived for the margin is used for half its lifetime instead.
        var usableUntil = expiresIn > 2 * ExpiryMargin ? expiresAt - ExpiryMargin : requestedAt + (expiresIn / 2);
        var refreshAt = refreshIn is { } refresh && refresh > TimeSpan.Zero && requestedAt + refresh < usableUntil
            ? requestedAt + refresh
            : usableUntil;
        return new ExchangedToken(accessToken, requestedAt, expiresAt, refreshAt, usableUntil);
    }

    /// <summary>Never the token itself, so that a record printed by mistake leaks nothing.</summary>
    public override string ToString() => $"access token valid until {ExpiresAt:u}, refreshed from {RefreshAt:u}";
}
