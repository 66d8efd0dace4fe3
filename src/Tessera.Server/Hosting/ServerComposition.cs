using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Client.Files;
using Tessera.Client.Tls;
using Tessera.Domain.Access;
using Tessera.Domain.FederatedCredentials;
using Tessera.Domain.Hosting;
using Tessera.Issuer;
using Tessera.Keys;
using Tessera.Server.Admin;
using Tessera.Server.Console;
using Tessera.Server.Observability;
using Tessera.Storage;
using Tessera.Storage.Caching;
using Tessera.Storage.Sql;
using Tessera.Sts;
using Tessera.Sts.Endpoints;
using Tessera.Webhook.Hosting;

namespace Tessera.Server.Hosting;

/// <summary>How the server is put together: logging, listeners, services and routes.</summary>
internal static class ServerComposition
{
    /// <summary>
    /// TLS 1.2 suites with forward secrecy and AEAD only (ECDHE with AES-GCM or ChaCha20-Poly1305), plus TLS 1.3's
    /// own. CBC, RSA key exchange, SHA-1 and everything older are refused. Applied where the platform lets .NET
    /// choose suites (Linux and macOS, through OpenSSL); Windows takes its policy from the operating system.
    /// </summary>
    internal static readonly TlsCipherSuite[] CipherSuites =
    [
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    internal static void ConfigureLogging(WebApplicationBuilder builder, ServerOptions options, Action<ILoggingBuilder>? logging)
    {
        builder.Logging.ClearProviders();
        if (options.LogFormat == "json")
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
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

        builder.Logging.SetMinimumLevel(options.LogLevel switch
        {
            "debug" => LogLevel.Debug,
            "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => LogLevel.Information,
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        logging?.Invoke(builder.Logging);
    }

    internal static void ConfigureKestrel(WebApplicationBuilder builder, ServerOptions options, X509Certificate2 certificate)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 100;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = 16 * 1024;
            Action<Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions> https = listen => listen.UseHttps(
                new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate,
                    SslProtocols = System.Security.Authentication.SslProtocols.Tls12
                        | System.Security.Authentication.SslProtocols.Tls13,
                    OnAuthenticate = (_, ssl) =>
                    {
                        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
                        {
                            ssl.CipherSuitesPolicy = new CipherSuitesPolicy(CipherSuites);
                        }
                    },
                });
            if (options.Host == "localhost")
            {
                kestrel.ListenLocalhost(options.Port, https);
            }
            else if (ServerCertificates.IsWildcard(options.Host))
            {
                kestrel.ListenAnyIP(options.Port, https);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(options.Host), options.Port, https);
            }
        });
    }

    internal static void ConfigureServices(
        IServiceCollection services, ServerOptions options, DataFolder folder, SqlDialect dialect, ExtraRootTrust trust)
    {
        services.AddSingleton(TimeProvider.System);
        ServerTelemetry.Add(services);
        services.AddSingleton(folder);
        services.AddSingleton(dialect);
        services.AddSingleton<SqlDirectoryStore>();
        services.AddSingleton(sp => new CachedDirectoryStore(sp.GetRequiredService<SqlDirectoryStore>()));
        services.AddSingleton<IDirectoryStore>(sp => sp.GetRequiredService<CachedDirectoryStore>());
        services.AddHostedService<DirectoryChangeWatcher>();
        services.AddSingleton<IRoleStore>(sp => sp.GetRequiredService<SqlDirectoryStore>());
        services.AddSingleton<IAuditStore>(sp => sp.GetRequiredService<SqlDirectoryStore>());
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AdminAccessTokenValidator>();
        services.AddSingleton<SigningKeyRing>();
        services.AddSingleton(KeyEncryption.Resolve(options, folder));
        services.AddSingleton(options.KeyRotation);
        services.AddSingleton<KeyRotator>();
        services.AddSingleton<KeyRotationService>();
        services.AddHostedService(sp => sp.GetRequiredService<KeyRotationService>());
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
        services.AddSts(new StsOptions { RateLimits = options.RateLimits, IssuerFetch = options.IssuerFetch }, trust, [.. options.AllowedIssuerNetworks.Select(System.Net.IPNetwork.Parse)]);
        services.AddWebhook(options.Webhook,
            async (sp, ct) => (await sp.GetRequiredService<DirectoryLookup>().TenantAsync(null, ct)).Id.ToString());

        services.Configure<JsonOptions>(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver());

            // A misspelt or repeated member is an error, not a silent default.
            json.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            json.SerializerOptions.AllowDuplicateProperties = false;
        });
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
            .AddPolicy(AccessClaims.AdminPolicy,
                p => p.RequireClaim(AccessClaims.Role, AccessClaims.AdminRole, AccessClaims.IdentityRole))
            .AddPolicy(AccessClaims.MintPolicy, p => p.RequireClaim(AccessClaims.Role, AccessClaims.AdminRole, AccessClaims.AgentRole));
    }

    internal static void MapEndpoints(WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = BadRequestProblems.WriteAsync,
            // BadRequestProblems logs each failure itself, in one line with its trace ID.
            SuppressDiagnosticsCallback = _ => true,
        });
        app.UseStatusCodePages();
        // Routing runs after the security headers and the exception handler, so refusals made while routing carry
        // both.
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization, so only an authorized caller can make the server hold a body in memory.
        app.UseUnsizedAdminBodyBuffering();
        app.MapOpenApi();
        app.MapHealthEndpoints();
        ServerTelemetry.Map(app);
        app.MapConsole();
        app.MapAdminEndpoints();
        app.MapIssuerEndpoints();
        app.MapTokenEndpoints();
        app.MapDiscoveryEndpoints();
        app.MapWebhookEndpoints();
    }
}
