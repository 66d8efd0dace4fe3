using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Tessera.Sts.Endpoints;

/// <summary>
/// The token endpoint's rate limits, on ASP.NET's rate limiter: per client address as middleware, and per identity
/// inside the exchange (the client ID is known only once the form is read).
/// </summary>
public static class TokenRateLimiting
{
    public const string PerAddressPolicy = "sts-per-address";

    public static IServiceCollection AddTokenRateLimiting(this IServiceCollection services, RateLimits limits)
    {
        services.AddSingleton(limits);
        services.AddSingleton<IdentityRateLimiter>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) => WriteRejectionAsync(context.HttpContext, context.Lease, "from this address");
            options.AddPolicy(PerAddressPolicy, http => limits.PerAddressPerSecond <= 0
                ? RateLimitPartition.GetNoLimiter("off")
                : RateLimitPartition.GetTokenBucketLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ =>
                    Bucket(limits.PerAddressPerSecond, limits.PerAddressBurst)));
        });
        return services;
    }

    internal static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = Math.Max(burst, perSecond),
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>429 with Retry-After and an OAuth-shaped body saying whose limit was reached.</summary>
    internal static async ValueTask WriteRejectionAsync(HttpContext context, RateLimitLease lease, string whose)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await context.Response.WriteAsJsonAsync(new Dictionary<string, string>
        {
            ["error"] = "temporarily_unavailable",
            ["error_description"] = $"Too many token requests {whose}; retry after {retryAfter} second(s). Clients should " +
                "cache access tokens until shortly before they expire.",
        });
    }
}

/// <summary>Token buckets per client ID.</summary>
public sealed class IdentityRateLimiter(RateLimits limits) : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _limiter = PartitionedRateLimiter.Create<Guid, Guid>(clientId =>
        limits.PerIdentityPerSecond <= 0
            ? RateLimitPartition.GetNoLimiter(clientId)
            : RateLimitPartition.GetTokenBucketLimiter(clientId, _ =>
                TokenRateLimiting.Bucket(limits.PerIdentityPerSecond, limits.PerIdentityBurst)));

    /// <summary>A lease for one exchange of <paramref name="clientId"/>; check <see cref="RateLimitLease.IsAcquired"/>.</summary>
    public RateLimitLease Acquire(Guid clientId) => _limiter.AttemptAcquire(clientId);

    public void Dispose() => _limiter.Dispose();
}
