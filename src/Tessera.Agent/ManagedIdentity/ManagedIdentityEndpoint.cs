using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tessera.Agent.ManagedIdentity;

/// <summary>
/// The managed identity endpoint: a small Kestrel server on loopback, plain HTTP as the SDKs expect, answering the
/// App Service and IMDS token requests with tokens it gets from Tessera (<see cref="IAccessTokenExchanger"/>) and
/// caches. It never handles process signals: whoever starts it decides when it stops.
/// </summary>
public sealed partial class ManagedIdentityEndpoint : IAsyncDisposable
{
    /// <summary>Requests are a GET with a short query and a few headers; Kestrel refuses larger ones.</summary>
    private const int MaxHeaderBytes = 16 * 1024;

    private readonly WebApplication _app;
    private readonly AccessTokenCache _cache;

    private ManagedIdentityEndpoint(WebApplication app, AccessTokenCache cache, IPEndPoint address)
    {
        _app = app;
        _cache = cache;
        Address = address;
    }

    /// <summary>The address bound, with the port chosen when port 0 was asked for.</summary>
    public IPEndPoint Address { get; }

    /// <summary>The URL to give programs as <c>IDENTITY_ENDPOINT</c>.</summary>
    public Uri Url => new($"http://{Address}{EndpointRequestHandler.TokenPath}");

    /// <summary>The value for <c>AZURE_POD_IDENTITY_AUTHORITY_HOST</c>, under which SDKs look for IMDS.</summary>
    public Uri ImdsHost => new($"http://{Address}");

    /// <summary>Exchanges started so far (cache misses), for tests and diagnostics.</summary>
    public int ExchangeCount => _cache.ExchangeCount;

    /// <summary>Starts listening; returns once requests are served.</summary>
    public static async Task<ManagedIdentityEndpoint> StartAsync(
        EndpointSettings settings,
        IAccessTokenExchanger exchanger,
        ILoggerFactory logs,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems));
        }

        time ??= TimeProvider.System;
        var cache = new AccessTokenCache(exchanger, time, logs.CreateLogger<AccessTokenCache>());
        var handler = new EndpointRequestHandler(settings, cache, time, logs.CreateLogger<EndpointRequestHandler>());

        // The content root is the program's own folder, so no appsettings.json of the working folder is read.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(logs);
        builder.Services.AddSingleton<IHostLifetime, OwnerControlledLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestHeadersTotalSize = MaxHeaderBytes;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 64;
            kestrel.Limits.MaxRequestBodySize = 0;
            kestrel.Limits.MaxConcurrentConnections = 256;
            kestrel.Listen(settings.Listen, listen => listen.Protocols = HttpProtocols.Http1);
        });

        var app = builder.Build();
        app.Run(handler.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            cache.Dispose();
            throw;
        }

        var bound = BoundAddress(app, settings.Listen);
        LogListening(logs.CreateLogger<ManagedIdentityEndpoint>(), bound.ToString(), settings.Identities.Count,
            settings.Identities[0].ClientId);
        return new ManagedIdentityEndpoint(app, cache, bound);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _cache.Dispose();
    }

    private static IPEndPoint BoundAddress(WebApplication app, IPEndPoint asked)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        var address = addresses.Addresses.First();
        return new IPEndPoint(asked.Address, new Uri(address).Port);
    }

    [LoggerMessage(EventId = 5107, Level = LogLevel.Information,
        Message = "Managed identity endpoint listening on http://{Address}, serving {Count} identities; the " +
            "default is {ClientId}")]
    private static partial void LogListening(ILogger logger, string address, int count, Guid clientId);

    /// <summary>A lifetime that reacts to no signal: <c>tessera run</c> passes signals to its program.</summary>
    private sealed class OwnerControlledLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
