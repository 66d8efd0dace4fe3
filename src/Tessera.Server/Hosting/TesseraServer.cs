using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tessera.Client.Files;
using Tessera.Domain.Hosting;
using Tessera.Domain.Tenants;
using Tessera.Storage.Sql;

namespace Tessera.Server.Hosting;

/// <summary>
/// A running Tessera: the HTTPS host serving the hosted issuers, the STS and the admin API from one data folder.
/// </summary>
public sealed partial class TesseraServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FileStream _folderLock;
    private readonly SqlDialect _dialect;

    private TesseraServer(
        WebApplication app, DataFolder folder, FileStream folderLock, SqlDialect dialect, Tenant defaultTenant, string? caPath)
    {
        _app = app;
        _folderLock = folderLock;
        _dialect = dialect;
        Folder = folder;
        DefaultTenant = defaultTenant;
        CaCertificatePath = caPath;
    }

    public string BaseUrl => Services.GetRequiredService<ServerOrigin>().BaseUrl;

    public DataFolder Folder { get; }

    public Tenant DefaultTenant { get; }

    /// <summary>The local CA clients must trust, or null when serving a certificate supplied by the operator.</summary>
    public string? CaCertificatePath { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Prepares the data folder and starts listening. Returns once requests are being served.</summary>
    /// <param name="configure">Lets tests replace services (a fake clock, say) before the host is built.</param>
    public static async Task<TesseraServer> StartAsync(
        ServerOptions options,
        Action<IServiceCollection>? configure = null,
        Action<ILoggingBuilder>? logging = null,
        CancellationToken cancellationToken = default)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems));
        }

        var (folder, folderLock, dialect) = DataFolderPreparation.Prepare(options);
        try
        {
            return await StartAsync(options, folder, folderLock, dialect, configure, logging, cancellationToken);
        }
        catch
        {
            await folderLock.DisposeAsync();
            throw;
        }
    }

    private static async Task<TesseraServer> StartAsync(
        ServerOptions options,
        DataFolder folder,
        FileStream folderLock,
        SqlDialect dialect,
        Action<IServiceCollection>? configure,
        Action<ILoggingBuilder>? logging,
        CancellationToken cancellationToken)
    {
        var tls = ServerCertificates.Load(options, folder);
        var builder = WebApplication.CreateSlimBuilder();
        ServerComposition.ConfigureLogging(builder, options, logging);
        ServerComposition.ConfigureKestrel(builder, options, tls.Certificate);
        ServerComposition.ConfigureServices(builder.Services, options, folder, dialect, tls.IssuerTrust);
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        ServerComposition.MapEndpoints(app);

        var origin = app.Services.GetRequiredService<ServerOrigin>();
        if (options.PublicUri is { } publicUrl)
        {
            origin.Set(publicUrl);
        }
        else if (options.Port != 0)
        {
            origin.Set(new Uri($"https://{PublicHost(options.Host)}:{options.Port}"));
        }

        var defaultTenant = await app.Services.GetRequiredService<ServerBootstrap>().RunAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        if (!origin.IsSet)
        {
            origin.Set(new Uri($"https://{PublicHost(options.Host)}:{BoundPort(app)}"));
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<TesseraServer>();
        foreach (var note in tls.Notes)
        {
            LogRepaired(logger, note);
        }

        var server = new TesseraServer(app, folder, folderLock, dialect, defaultTenant, tls.CaPath);
        server.WriteState();
        return server;
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();

        // A stopped server leaves no address behind for the CLI to try.
        File.Delete(Folder.ServerState);
        (_dialect as IDisposable)?.Dispose();
        await _folderLock.DisposeAsync();
    }

    private void WriteState()
    {
        var state = new ServerState(BaseUrl, DefaultTenant.Id, CaCertificatePath, Environment.ProcessId);
        PrivateFiles.Write(Folder.ServerState, JsonSerializer.SerializeToUtf8Bytes(state, JsonSerializerOptions.Web),
            PrivateFiles.OwnerOnly);
    }







    private static string PublicHost(string host)
    {
        if (ServerCertificates.IsWildcard(host))
        {
            return Dns.GetHostName();
        }

        return IPAddress.TryParse(host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{host}]"
            : host;
    }

    private static int BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First().Replace("[::]", "localhost", StringComparison.Ordinal)).Port;
    }

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Repaired the data folder: {Note}")]
    private static partial void LogRepaired(ILogger logger, string note);
}

/// <summary>What <c>server.json</c> in the data folder records about the running server.</summary>
public sealed record ServerState(string Url, Guid TenantId, string? CaPath, int ProcessId);
