using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tessera.Domain.Hosting;
using Tessera.Client.Tls;
using Tessera.Keys.Telemetry;
using Tessera.Sts.AccessTokens;
using Tessera.Sts.Exchange;
using Tessera.Sts.Endpoints;
using Tessera.Sts.Federation;
using Tessera.Sts.Replay;
using Tessera.Sts.Roles;
using Tessera.Sts.SignIns;
using Tessera.Tokens.Assertions;

namespace Tessera.Sts;

/// <summary>Registers the security token service.</summary>
public static class StsServiceCollectionExtensions
{
    /// <param name="trust">Roots trusted when fetching issuers' metadata, besides the system's.</param>
    /// <param name="allowedIssuerNetworks">Private networks issuers may be fetched from, besides public addresses.</param>
    public static IServiceCollection AddSts(
        this IServiceCollection services, StsOptions options, ExtraRootTrust trust, IReadOnlyList<IPNetwork> allowedIssuerNetworks)
    {
        services.AddSingleton(options);
        services.AddTokenRateLimiting(options.RateLimits);
        services.AddSingleton<StsUrls>();
        services.AddSingleton(sp => new AssertionValidator(sp.GetRequiredService<TimeProvider>(), options.Assertions));
        services.TryAddSingleton<TesseraMetrics>();
        services.AddSingleton<RoleCache>();
        services.AddSingleton<AccessTokenMinter>();
        services.AddSingleton<AssertionReplayGuard>();
        services.AddSingleton<AssertionUsePruner>();
        services.AddHostedService(sp => sp.GetRequiredService<AssertionUsePruner>());
        services.AddSingleton<TokenExchange>();
        services.AddSingleton<Explain.AssertionExplainer>();
        services.AddSingleton(new SignInLogOptions());
        services.AddSingleton<SignInLog>();
        services.AddHostedService(sp => sp.GetRequiredService<SignInLog>());
        services.AddSingleton<IssuerKeyCache>();
        services.AddSingleton<IIssuerKeySource, StaticKeySetSource>();
        services.AddSingleton(sp => new IssuerAddressPolicy(allowedIssuerNetworks, sp.GetRequiredService<ServerOrigin>()));
        services.AddSingleton<GuardedConnector>();
        services.AddHttpClient<IssuerMetadataFetcher>(IssuerMetadataFetcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var handler = trust.CreateHandler();
                handler.ConnectCallback = sp.GetRequiredService<GuardedConnector>().ConnectAsync;
                handler.UseProxy = false;
                handler.AllowAutoRedirect = false;
                handler.ConnectTimeout = options.IssuerFetch.Timeout;
                handler.MaxResponseHeadersLength = 64;
                return handler;
            })
            .ConfigureHttpClient(client => client.Timeout = options.IssuerFetch.Timeout + TimeSpan.FromSeconds(1));
        return services;
    }
}
