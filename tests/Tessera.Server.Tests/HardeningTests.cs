using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Tessera.Testing;

namespace Tessera.Server.Tests;

/// <summary>The service itself: TLS versions and suites, security headers on every response, request limits, and
/// the data folder's permissions.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HardeningTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private TesseraTestServer Server => fixture.Server;

    public static TheoryData<string, string, bool> Responses => new()
    {
        { "GET", "healthz", false },
        { "GET", "readyz", false },
        { "GET", "admin/tenants", true },
        { "POST", "{tenant}/oauth2/v2.0/token", true },
        { "POST", "{tenant}/oauth2/token", true },
        { "GET", "{tenant}/v2.0/.well-known/openid-configuration", false },
        { "GET", "console", true },
        { "GET", "console/console.js", true },
        { "GET", "no/such/route", false },
        { "GET", "metrics", false },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Every_response_carries_the_security_headers(string method, string path, bool noStore)
    {
        var url = path.Replace("{tenant}", Server.TenantId.ToString(), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method == "POST" ? new FormUrlEncodedContent([]) : null,
        };

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal("max-age=31536000", Header(response, "Strict-Transport-Security"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"),
            StringComparison.Ordinal);
        var cacheControl = Header(response, "Cache-Control") ?? "";
        Assert.Equal(noStore, cacheControl.Contains("no-store", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Console_policy_allows_only_its_own_script_and_style()
    {
        using var response = await Server.Http.GetAsync("console");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Contains("<script src=\"/console/console.js\" defer></script>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discovery_documents_stay_cacheable()
    {
        using var response = await Server.Http.GetAsync($"{Server.TenantId}/v2.0/.well-known/openid-configuration");

        Assert.DoesNotContain("no-store", Header(response, "Cache-Control") ?? "", StringComparison.Ordinal);
    }

    public static TheoryData<string, SslProtocols, TlsCipherSuite[]?> Handshakes => new()
    {
        { "TLS 1.3", SslProtocols.Tls13, null },
        { "TLS 1.2 with ECDHE and AES-GCM", SslProtocols.Tls12, [
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256] },
        { "TLS 1.2 with ECDHE and ChaCha20", SslProtocols.Tls12, [
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256] },
    };

    [Theory]
    [MemberData(nameof(Handshakes))]
    public async Task Modern_handshakes_are_accepted(string name, SslProtocols protocol, TlsCipherSuite[]? suites)
    {
        var negotiated = await HandshakeAsync(protocol, suites);

        Assert.True(negotiated is not null, $"{name} was refused");
    }

    public static TheoryData<string, SslProtocols, TlsCipherSuite[]?> RefusedHandshakes => new()
    {
        { "TLS 1.2 with CBC suites only", SslProtocols.Tls12, [
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA] },
        { "TLS 1.2 with RSA key exchange only", SslProtocols.Tls12, [
            TlsCipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_RSA_WITH_AES_256_GCM_SHA384] },
#pragma warning disable SYSLIB0039 // Offered on purpose, to see it refused.
        { "TLS 1.1", SslProtocols.Tls11, null },
        { "TLS 1.0", SslProtocols.Tls, null },
#pragma warning restore SYSLIB0039
    };

    [Theory]
    [MemberData(nameof(RefusedHandshakes))]
    public async Task Old_protocols_and_weak_suites_are_refused(
        string name, SslProtocols protocol, TlsCipherSuite[]? suites)
    {
        var negotiated = await HandshakeAsync(protocol, suites);

        Assert.True(negotiated is null, $"{name} was accepted with {negotiated}");
    }

    [Fact]
    public async Task Oversized_headers_are_refused_with_431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "healthz");
        request.Headers.Add("X-Padding", new string('a', 40 * 1024));

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Too_many_headers_are_refused_with_431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "healthz");
        for (var i = 0; i < 120; i++)
        {
            request.Headers.Add($"X-Header-{i}", "v");
        }

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Oversized_admin_body_is_refused_with_413()
    {
        // The client waits for "100 Continue" before sending, as large uploads should: without it, the server
        // answers 413 and closes the connection while the client is still writing, and the client may see only a
        // broken pipe.
        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/tenants")
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent(
                "{\"name\":\"" + new string('a', 2 * 1024 * 1024) + "\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", Server.Connection.AdminToken);
        request.Headers.ExpectContinue = true;

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Oversized_admin_body_without_a_length_on_http2_is_refused_with_413()
    {
        // No Content-Length: the limit trips while the frames stream in, and the framework's JSON reader used to turn
        // that into a 500 now and then, depending on how the frames arrived; hence the many tries. (HTTP/1.1 is left
        // out: there the server closes the connection mid-upload, so the client may see a broken pipe instead.)
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 60; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "admin/tenants")
            {
                Version = new Version(2, 0),
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new UnsizedContent("{\"name\":\"" + new string('a', 2 * 1024 * 1024) + "\"}"),
            };
            request.Headers.Authorization = new("Bearer", Server.Connection.AdminToken);
            using var response = await Server.Http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        var tenants = await Server.Admin.ListTenantsAsync(CancellationToken.None);
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status));
        Assert.DoesNotContain(tenants, tenant => tenant.Name.StartsWith("aaaa", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Small_chunked_admin_body_is_read_whole()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "admin/tenants")
        {
            Version = new Version(2, 0),
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new UnsizedContent("{\"name\":\"chunked-tenant\"}"),
        };
        request.Headers.Authorization = new("Bearer", Server.Connection.AdminToken);

        using var response = await Server.Http.SendAsync(request);
        var tenants = await Server.Admin.ListTenantsAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains(tenants, tenant => tenant.Name == "chunked-tenant");
    }

    [Fact]
    public void Data_folder_is_private_to_the_service_user()
    {
        var folder = Server.Server.Folder;
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        Assert.Equal(ownerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(folder.Root));
        foreach (var secret in new[] { folder.AdminToken, folder.CaKey, folder.ServerKey, folder.ServerState })
        {
            var mode = File.GetUnixFileMode(secret);
            Assert.True(ownerOnly == mode, $"{Path.GetFileName(secret)} is {mode}");
        }
    }

    private async Task<string?> HandshakeAsync(SslProtocols protocol, TlsCipherSuite[]? suites)
    {
        var url = new Uri(Server.BaseUrl);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, url.Port);
        await using var tls = new SslStream(tcp.GetStream());
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = url.Host,
            EnabledSslProtocols = protocol,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
            CipherSuitesPolicy = suites is null ? null : new CipherSuitesPolicy(suites),
        };
        try
        {
            await tls.AuthenticateAsClientAsync(options);
            return $"{tls.SslProtocol} {tls.NegotiatedCipherSuite}";
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            return null;
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    /// <summary>A JSON body sent without a length, so it goes chunked on HTTP/1.1 and as open-ended frames on HTTP/2.</summary>
    private sealed class UnsizedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnsizedContent(string json)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
