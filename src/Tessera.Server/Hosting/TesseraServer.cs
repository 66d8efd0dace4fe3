using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tessera.Client.Files;
using Tessera.Client.Tls;
using Tessera.Domain.Access;
using Tessera.Domain.FederatedCredentials;
using Tessera.Domain.Hosting;
using Tessera.Domain.Tenants;
using Tessera.Issuer;
using Tessera.Keys;
using Tessera.Server.Admin;
using Tessera.Server.Tls;
using Tessera.Storage;
using Tessera.Storage.Sql;
using Tessera.Storage.Sqlite;
using Tessera.Sts;
using Tessera.Sts.Endpoints;

namespace Tessera.Server.Hosting;

/// <summary>
/// A running Tessera: the HTTPS host serving the hosted issuers, the STS and the admin API from one data folder.
/// </summary>
public sealed class TesseraServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TesseraServer(WebApplication app, DataFolder folder, Tenant defaultTenant, string? caPath)
    {
        _app = app;
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

        var folder = new DataFolder(options.DataDirectory);
        folder.Create();
        var dialect = new SqliteDialect(folder.Database);
        dialect.Migrate();

        var (certificate, caPath, trust) = LoadCertificate(options, folder);
        var builder = WebApplication.CreateSlimBuilder();
        ConfigureLogging(builder, options, logging);
        ConfigureKestrel(builder, options, certificate);
        ConfigureServices(builder.Services, options, folder, dialect, trust);
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        MapEndpoints(app);

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

        var server = new TesseraServer(app, folder, defaultTenant, caPath);
        server.WriteState();
        return server;
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void WriteState()
    {
        var state = new ServerState(BaseUrl, DefaultTenant.Id, CaCertificatePath, Environment.ProcessId);
        PrivateFiles.Write(Folder.ServerState, JsonSerializer.SerializeToUtf8Bytes(state, JsonSerializerOptions.Web),
            PrivateFiles.OwnerOnly);
    }

    private static (X509Certificate2 Certificate, string? CaPath, ExtraRootTrust Trust) LoadCertificate(
        ServerOptions options, DataFolder folder)
    {
        var roots = new X509Certificate2Collection();
        foreach (var file in options.IssuerCaFiles)
        {
            roots.ImportFromPemFile(file);
        }

        if (options.CertificatePath is not null)
        {
            var keyPath = options.CertificateKeyPath ?? throw new ArgumentException(
                "--certificate needs --certificate-key, the PEM private key of that certificate.");
            return (X509Certificate2.CreateFromPemFile(options.CertificatePath, keyPath), null, new ExtraRootTrust(roots));
        }

        var names = new List<string> { "localhost", "127.0.0.1", "::1" };
        if (!IsWildcard(options.Host) && !names.Contains(options.Host))
        {
            names.Add(options.Host);
        }

        if (IsWildcard(options.Host))
        {
            names.Add(Dns.GetHostName());
        }

        if (options.PublicUri is { } publicUrl && !names.Contains(publicUrl.Host))
        {
            names.Add(publicUrl.Host);
        }

        var ca = new LocalCertificateAuthority(folder, TimeProvider.System);
        var certificate = ca.EnsureServerCertificate(names);
        roots.ImportFromPemFile(folder.CaCertificate);
        return (certificate, folder.CaCertificate, new ExtraRootTrust(roots));
    }

    private static void ConfigureLogging(WebApplicationBuilder builder, ServerOptions options, Action<ILoggingBuilder>? logging)
    {
        builder.Logging.ClearProviders();
        if (options.LogFormat == "json")
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            });
        }

        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        logging?.Invoke(builder.Logging);
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder, ServerOptions options, X509Certificate2 certificate)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            Action<Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions> https = listen => listen.UseHttps(
                new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate,
                    SslProtocols = System.Security.Authentication.SslProtocols.Tls12
                        | System.Security.Authentication.SslProtocols.Tls13,
                });
            if (options.Host == "localhost")
            {
                kestrel.ListenLocalhost(options.Port, https);
            }
            else if (IsWildcard(options.Host))
            {
                kestrel.ListenAnyIP(options.Port, https);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(options.Host), options.Port, https);
            }
        });
    }

    private static void ConfigureServices(
        IServiceCollection services, ServerOptions options, DataFolder folder, SqlDialect dialect, ExtraRootTrust trust)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(folder);
        services.AddSingleton(dialect);
        services.AddSingleton<IDirectoryStore, SqlDirectoryStore>();
        services.AddSingleton<SigningKeyRing>();
        services.AddSingleton<ServerOrigin>();
        services.AddSingleton<ServerBootstrap>();
        services.AddSingleton<DirectoryLookup>();
        services.AddSingleton<IssuerUrls>();
        services.AddSingleton(new IssuerOptions { MaxLifetime = options.MaxWorkloadTokenLifetime });
        services.AddSingleton<WorkloadTokenMinter>();
        services.AddSingleton(sp => FederatedCredentialPolicy.Default with
        {
            IsOwnStsIssuer = sp.GetRequiredService<StsUrls>().IsOwnIssuer,
        });
        services.AddSts(new StsOptions(), trust);

        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0,
            new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()));
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddOpenApi();
        // Core authentication only: the full AddAuthentication() also brings ASP.NET data protection, which
        // Tessera does not use and which would write key files to the user's home folder.
        services.AddWebEncoders();
        services.AddAuthenticationCore(o => o.DefaultScheme = BearerSecretAuthenticationHandler.SchemeName);
        new AuthenticationBuilder(services).AddScheme<AuthenticationSchemeOptions, BearerSecretAuthenticationHandler>(
            BearerSecretAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AccessClaims.AdminPolicy, p => p.RequireClaim(AccessClaims.Role, AccessClaims.AdminRole))
            .AddPolicy(AccessClaims.MintPolicy, p => p.RequireClaim(AccessClaims.Role, AccessClaims.AdminRole, AccessClaims.AgentRole));
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.UseExceptionHandler(errors => errors.Run(BadRequestProblems.WriteAsync));
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapGet("/healthz", () => Results.Text("ok")).ExcludeFromDescription();
        app.MapAdminEndpoints();
        app.MapIssuerEndpoints();
        app.MapTokenEndpoints();
        app.MapDiscoveryEndpoints();
    }

    private static bool IsWildcard(string host) => host is "0.0.0.0" or "::" or "*" or "+";

    private static string PublicHost(string host)
    {
        if (IsWildcard(host))
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
}

/// <summary>What <c>server.json</c> in the data folder records about the running server.</summary>
public sealed record ServerState(string Url, Guid TenantId, string? CaPath, int ProcessId);
