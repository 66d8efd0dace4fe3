using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tessera.Agent.ManagedIdentity;

namespace Tessera.Agent.Tests.ManagedIdentity;

/// <summary>The endpoint over loopback HTTP with a fake exchange: the answers' exact shapes and statuses.</summary>
public sealed class EndpointHttpTests : IAsyncLifetime
{
    private static readonly ServedIdentity s_default = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
    private static readonly ServedIdentity s_second = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private readonly IdentityHeaderSecret _secret = IdentityHeaderSecret.New();
    private readonly HttpClient _http = new();
    private FakeExchanger _exchanger = null!;
    private ManagedIdentityEndpoint _endpoint = null!;

    public async Task InitializeAsync()
    {
        _exchanger = new FakeExchanger(_time);
        var settings = new EndpointSettings(new IPEndPoint(IPAddress.Loopback, 0), _secret, [s_default, s_second]);
        _endpoint = await ManagedIdentityEndpoint.StartAsync(settings, _exchanger, NullLoggerFactory.Instance, _time);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _endpoint.DisposeAsync();
    }

    [Fact]
    public async Task App_service_answer_has_the_fields_the_sdks_read_and_no_others()
    {
        var (status, body) = await GetAsync("?api-version=2019-08-01&resource=api://orders", appService: true);

        Assert.Equal(200, status);
        var expected = $$"""
            {"access_token":"token-1","client_id":"{{s_default.ClientId}}",
            "expires_on":"{{Unix(_time.GetUtcNow().AddHours(24))}}","resource":"api://orders","token_type":"Bearer"}
            """.ReplaceLineEndings("");
        Assert.Equal(expected, body.GetRawText());
    }

    [Fact]
    public async Task Imds_answer_adds_expires_in_and_not_before_as_strings()
    {
        await GetAsync("?api-version=2019-08-01&resource=api://orders", appService: true);
        _time.Advance(TimeSpan.FromHours(1));

        var (status, body) = await GetAsync(
            "?api-version=2018-02-01&resource=api://orders", appService: false, metadata: true, secret: true);

        var issued = _time.GetUtcNow().AddHours(-1);
        Assert.Equal(200, status);
        var expected = $$"""
            {"access_token":"token-1","client_id":"{{s_default.ClientId}}","expires_in":"82800",
            "ext_expires_in":"82800","not_before":"{{Unix(issued)}}","expires_on":"{{Unix(issued.AddHours(24))}}",
            "resource":"api://orders","token_type":"Bearer"}
            """.ReplaceLineEndings("");
        Assert.Equal(expected, body.GetRawText());
    }

    [Fact]
    public async Task Token_path_with_a_trailing_slash_is_served_as_msal_node_sends_it()
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Get, _endpoint.Url + "/?api-version=2018-02-01&resource=api://orders");
        request.Headers.Add("Metadata", "true");
        request.Headers.Add("X-IDENTITY-HEADER", _secret.Value);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Client_id_selects_the_second_identity_and_the_answer_names_it()
    {
        var (status, body) = await GetAsync(
            $"?api-version=2019-08-01&resource=api://orders&client_id={s_second.ClientId}", appService: true);

        Assert.Equal(200, status);
        Assert.Equal(s_second.ClientId.ToString(), body.GetProperty("client_id").GetString());
        Assert.Equal([(s_second.ClientId, "api://orders")], _exchanger.Requests);
    }

    [Fact]
    public async Task Unknown_client_id_is_a_400_naming_the_served_identities()
    {
        var (status, body) = await GetAsync(
            "?api-version=2019-08-01&resource=api://orders&client_id=0f0f0f0f-0000-0000-0000-000000000000",
            appService: true);

        Assert.Equal(400, status);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.Equal(
            "No identity served here has client_id '0f0f0f0f-0000-0000-0000-000000000000'. This endpoint serves " +
            $"'{s_default.ClientId}', '{s_second.ClientId}'.",
            body.GetProperty("error_description").GetString());
        Assert.Empty(_exchanger.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Request_without_the_secret_is_refused_with_json(bool metadata)
    {
        var (status, body) = await GetAsync(
            "?api-version=2019-08-01&resource=api://orders", appService: false, metadata: metadata);

        Assert.Equal(401, status);
        Assert.Equal("unauthorized_client", body.GetProperty("error").GetString());
        Assert.Empty(_exchanger.Requests);
    }

    [Fact]
    public async Task Exchange_refusal_is_passed_on_with_its_status_and_description()
    {
        _exchanger.Failure = new EndpointError(400, "invalid_resource", "AADSTS500011: no such resource");

        var (status, body) = await GetAsync("?api-version=2019-08-01&resource=api://nope", appService: true);

        Assert.Equal(400, status);
        Assert.Equal("""{"error":"invalid_resource","error_description":"AADSTS500011: no such resource"}""",
            body.GetRawText());
    }

    [Fact]
    public async Task Concurrent_requests_over_http_make_one_exchange()
    {
        _exchanger.Hold();
        var requests = Enumerable.Range(0, 20)
            .Select(_ => GetAsync("?api-version=2019-08-01&resource=api://orders", appService: true))
            .ToList();

        await WaitUntilAsync(() => _endpoint.ExchangeCount == 1 && _exchanger.Calls == 1);
        _exchanger.Release();
        var answers = await Task.WhenAll(requests);

        Assert.All(answers, a => Assert.Equal("token-1", a.Body.GetProperty("access_token").GetString()));
        Assert.Equal(1, _exchanger.Calls);
    }

    [Theory]
    [InlineData("GET", "/metadata/identity/oauth2/other", 404,
        "Nothing is served at '/metadata/identity/oauth2/other'; this endpoint serves GET " +
        "/metadata/identity/oauth2/token.")]
    [InlineData("POST", "/metadata/identity/oauth2/token", 405,
        "The method POST is not served; send GET /metadata/identity/oauth2/token.")]
    public async Task Other_paths_and_methods_are_refused_with_json(
        string method, string path, int status, string message)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_endpoint.Url, path));
        request.Headers.Add("X-IDENTITY-HEADER", _secret.Value);

        using var response = await _http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(message, body.RootElement.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Oversized_headers_are_refused_before_the_request_is_read()
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Get, _endpoint.Url + "?api-version=2019-08-01&resource=x");
        request.Headers.Add("X-IDENTITY-HEADER", _secret.Value);
        request.Headers.Add("X-Padding", new string('a', 20_000));

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Empty(_exchanger.Requests);
    }

    [Fact]
    public void Endpoint_url_is_plain_http_on_loopback_at_the_token_path()
    {
        Assert.Equal("http", _endpoint.Url.Scheme);
        Assert.Equal("127.0.0.1", _endpoint.Url.Host);
        Assert.Equal("/metadata/identity/oauth2/token", _endpoint.Url.AbsolutePath);
        Assert.Equal($"http://127.0.0.1:{_endpoint.Address.Port}/", _endpoint.ImdsHost.ToString());
    }

    private async Task<(int Status, JsonElement Body)> GetAsync(
        string query, bool appService, bool metadata = false, bool secret = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _endpoint.Url + query);
        if (appService || secret)
        {
            request.Headers.Add("X-IDENTITY-HEADER", _secret.Value);
        }

        if (metadata)
        {
            request.Headers.Add("Metadata", "true");
        }

        using var response = await _http.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(5);
        }

        Assert.True(condition());
    }

    private static string Unix(DateTimeOffset time) =>
        time.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
