using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Tokens.Jwt;
using Tessera.Tokens.Keys;

namespace Tessera.Testing;

/// <summary>
/// An external OpenID issuer over real HTTPS, standing in for a Kubernetes API server or a CI provider: it serves
/// a discovery document and key set (both replaceable, to serve hostile ones) and mints tokens signed by its keys.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _discoveryRequests;
    private int _keyRequests;

    private TestIssuer(WebApplication app, string origin, string path)
    {
        _app = app;
        Url = origin + path;
        Keys = [RSA.Create(2048)];
    }

    /// <summary>The issuer URL: what tokens carry in <c>iss</c>.</summary>
    public string Url { get; }

    /// <summary>Signing keys; the key set publishes all of them, each with kid = its SPKI SHA-256.</summary>
    public List<AsymmetricAlgorithm> Keys { get; }

    /// <summary>When set, served instead of the real discovery document.</summary>
    public string? DiscoveryOverride { get; set; }

    /// <summary>When set, served instead of the real key set.</summary>
    public string? KeySetOverride { get; set; }

    /// <summary>When set, every answer is delayed this long (for timeout tests).</summary>
    public TimeSpan? ResponseDelay { get; set; }

    /// <summary>When set, every request is answered with this status and no body.</summary>
    public int? FailWithStatus { get; set; }

    public int DiscoveryRequests => _discoveryRequests;

    public int KeyRequests => _keyRequests;

    public static async Task<TestIssuer> StartAsync(TestCertificateAuthority ca, string path = "/cluster-a")
    {
        var certificate = ca.IssueServerCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        TestIssuer? issuer = null;
        app.MapGet(path + "/.well-known/openid-configuration", (HttpContext c) => issuer!.ServeDiscoveryAsync(c));
        app.MapGet(path + "/openid/v1/jwks", (HttpContext c) => issuer!.ServeKeysAsync(c));
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        issuer = new TestIssuer(app, $"https://127.0.0.1:{port}", path);
        return issuer;
    }

    public static string KeyId(AsymmetricAlgorithm key) => KeyIdentifiers.ForPublicKey(key);

    /// <summary>A Kubernetes-shaped service-account token, editable before signing.</summary>
    public string Mint(
        string subject,
        string audience = "api://AzureADTokenExchange",
        TimeSpan? lifetime = null,
        DateTimeOffset? now = null,
        Action<JsonObject>? header = null,
        Action<JsonObject>? payload = null,
        AsymmetricAlgorithm? key = null)
    {
        var signer = key ?? Keys[0];
        var issuedAt = (now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var headerObject = new JsonObject
        {
            ["alg"] = signer is ECDsa ? "ES256" : "RS256",
            ["kid"] = KeyId(signer),
            ["typ"] = "JWT",
        };
        var payloadObject = new JsonObject
        {
            ["aud"] = new JsonArray(audience),
            ["exp"] = issuedAt + (long)(lifetime ?? TimeSpan.FromHours(1)).TotalSeconds,
            ["iat"] = issuedAt,
            ["iss"] = Url,
            ["jti"] = Guid.NewGuid().ToString(),
            ["nbf"] = issuedAt,
            ["sub"] = subject,
        };
        header?.Invoke(headerObject);
        payload?.Invoke(payloadObject);
        return JwtFactory.Sign(headerObject, payloadObject, signer);
    }

    public string KeySetJson()
    {
        var keys = new JsonArray();
        foreach (var key in Keys)
        {
            keys.Add(PublicJwk(key));
        }

        return new JsonObject { ["keys"] = keys }.ToJsonString();
    }

    public static JsonObject PublicJwk(AsymmetricAlgorithm key)
    {
        if (key is RSA rsa)
        {
            var p = rsa.ExportParameters(false);
            return new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = KeyId(key),
                ["n"] = Base64UrlText.Encode(p.Modulus),
                ["e"] = Base64UrlText.Encode(p.Exponent),
            };
        }

        var ec = ((ECDsa)key).ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "EC",
            ["use"] = "sig",
            ["alg"] = "ES256",
            ["kid"] = KeyId(key),
            ["crv"] = "P-256",
            ["x"] = Base64UrlText.Encode(ec.Q.X),
            ["y"] = Base64UrlText.Encode(ec.Q.Y),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Keys.ForEach(k => k.Dispose());
    }

    private async Task ServeDiscoveryAsync(HttpContext context)
    {
        Interlocked.Increment(ref _discoveryRequests);
        if (ResponseDelay is { } delay)
        {
            await Task.Delay(delay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        if (FailWithStatus is { } status)
        {
            context.Response.StatusCode = status;
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(DiscoveryOverride ?? JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["issuer"] = Url,
            ["jwks_uri"] = Url + "/openid/v1/jwks",
            ["response_types_supported"] = new[] { "id_token" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
    }

    private async Task ServeKeysAsync(HttpContext context)
    {
        Interlocked.Increment(ref _keyRequests);
        if (FailWithStatus is { } status)
        {
            context.Response.StatusCode = status;
            return;
        }

        context.Response.ContentType = "application/jwk-set+json";
        await context.Response.WriteAsync(KeySetOverride ?? KeySetJson());
    }
}
