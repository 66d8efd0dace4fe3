using System.Text.Json;
using System.Text.RegularExpressions;
using Tessera.Client.Contracts;
using Tessera.Testing;

namespace Tessera.Sts.Tests;

/// <summary>
/// Every applicable row of Entra's token-endpoint error table, sent over HTTPS: the AADSTS code, the OAuth error,
/// the status, and a description naming what was received and what was expected. (Row 70021, the older generic
/// "no matching federated identity record", is not used: Tessera always answers with the specific 7002xx code.)
/// </summary>
public sealed partial class TokenErrorTests(StsFixture fixture) : IClassFixture<StsFixture>
{
    private const string Subject = "system:serviceaccount:prod:orders";
    private TesseraTestServer Server => fixture.Server;
    private TestIssuer Issuer => fixture.Issuer;

    private async Task<(int Status, JsonElement Body)> ExchangeAsync(
        Guid clientId, string assertion, string scope = StsFixture.Resource + "/.default", string? tenant = null)
    {
        var (status, body, _) = await Server.PostTokenAsync(TesseraTestServer.TokenForm(clientId, assertion, scope), tenant);
        return (status, body);
    }

    private static void AssertError(
        (int Status, JsonElement Body) response, int code, string error, int status, params string[] mentions)
    {
        var description = response.Body.GetProperty("error_description").GetString()!;
        Assert.True(status == response.Status, $"expected HTTP {status}, got {response.Status}: {description}");
        Assert.Equal(error, response.Body.GetProperty("error").GetString());
        Assert.Equal(code, response.Body.GetProperty("error_codes")[0].GetInt32());
        Assert.StartsWith($"AADSTS{code}: ", description, StringComparison.Ordinal);
        foreach (var mention in mentions)
        {
            Assert.True(description.Contains(mention, StringComparison.Ordinal), $"'{mention}' not in: {description}");
        }
    }

    private Task<IdentityResource> IdentityAsync(string subject = Subject) => Server.CreateIdentityAsync(Issuer.Url, subject);

    [Fact]
    public async Task Unknown_tenant_is_90002()
    {
        var identity = await IdentityAsync();

        var response = await ExchangeAsync(identity.ClientId, Issuer.Mint(Subject), tenant: "no-such-tenant");

        AssertError(response, 90002, "invalid_request", 400, "'no-such-tenant'");
    }

    [Fact]
    public async Task Unknown_client_id_is_700016()
    {
        var clientId = Guid.NewGuid();

        var response = await ExchangeAsync(clientId, Issuer.Mint(Subject));

        AssertError(response, 700016, "unauthorized_client", 400, clientId.ToString());
    }

    [Fact]
    public async Task Client_of_another_tenant_is_700016()
    {
        var other = await Server.Admin.CreateTenantAsync(new CreateTenantRequest(TesseraTestServer.Unique("t")), default);
        var identity = await Server.Admin.CreateIdentityAsync(new CreateIdentityRequest("elsewhere", Tenant: other.Name), default);

        var response = await ExchangeAsync(identity.ClientId, Issuer.Mint(Subject));

        AssertError(response, 700016, "unauthorized_client", 400, "tenant 'default'");
    }

    [Fact]
    public async Task Client_id_that_is_not_a_guid_is_700016()
    {
        var form = TesseraTestServer.TokenForm(Guid.Empty, Issuer.Mint(Subject), StsFixture.Resource + "/.default");
        form["client_id"] = "orders-app";

        var (status, body, _) = await Server.PostTokenAsync(form);

        AssertError((status, body), 700016, "unauthorized_client", 400, "'orders-app' is not a client ID");
    }

    [Fact]
    public async Task Missing_client_assertion_is_7000218()
    {
        var identity = await IdentityAsync();
        var form = TesseraTestServer.TokenForm(identity.ClientId, "x", StsFixture.Resource + "/.default");
        form.Remove("client_assertion");
        form["client_secret"] = "s3cret";

        var (status, body, _) = await Server.PostTokenAsync(form);

        AssertError((status, body), 7000218, "invalid_client", 401, "client_assertion", "no client secrets");
        Assert.DoesNotContain("s3cret", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_assertion_is_50027()
    {
        var identity = await IdentityAsync();

        var response = await ExchangeAsync(identity.ClientId, "not-a-jwt");

        AssertError(response, 50027, "invalid_request", 400, "1 segment(s)");
    }

    [Fact]
    public async Task Assertion_signed_by_another_key_is_50027()
    {
        var identity = await IdentityAsync();
        using var attacker = System.Security.Cryptography.RSA.Create(2048);
        var forged = Issuer.Mint(Subject, key: attacker, header: h => h["kid"] = TestIssuer.KeyId(Issuer.Keys[0]));

        var response = await ExchangeAsync(identity.ClientId, forged);

        AssertError(response, 50027, "invalid_request", 400, "signature does not verify");
    }

    [Fact]
    public async Task Identity_without_federated_credentials_is_70025()
    {
        var identity = await Server.Admin.CreateIdentityAsync(new CreateIdentityRequest(TesseraTestServer.Unique("bare")), default);

        var response = await ExchangeAsync(identity.ClientId, Issuer.Mint(Subject));

        AssertError(response, 70025, "invalid_client", 401, "has no federated identity credentials", "tessera credential create");
    }

    [Fact]
    public async Task Issuer_without_a_credential_is_700211_without_revealing_the_configured_issuers()
    {
        var identity = await Server.CreateIdentityAsync("https://other.example/cluster", Subject);

        var response = await ExchangeAsync(identity.ClientId, Issuer.Mint(Subject));

        AssertError(response, 700211, "invalid_client", 401, $"'{Issuer.Url}'", identity.ClientId.ToString(), "tessera explain");
        Assert.DoesNotContain("other.example", response.Body.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(identity.Name, response.Body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forged_assertion_with_a_near_miss_issuer_gets_no_hint()
    {
        var identity = await Server.CreateIdentityAsync(Issuer.Url + "/", Subject);
        using var attacker = System.Security.Cryptography.RSA.Create(2048);

        var response = await ExchangeAsync(identity.ClientId, Issuer.Mint(Subject, key: attacker,
            header: h => h["kid"] = TestIssuer.KeyId(Issuer.Keys[0])));

        AssertError(response, 700211, "invalid_client", 401);
        Assert.DoesNotContain("trailing slash", response.Body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forged_assertion_learns_nothing_about_configured_subjects()
    {
        var identity = await IdentityAsync();
        using var attacker = System.Security.Cryptography.RSA.Create(2048);

        var response = await ExchangeAsync(identity.ClientId, Issuer.Mint("system:serviceaccount:prod:guess", key: attacker,
            header: h => h["kid"] = TestIssuer.KeyId(Issuer.Keys[0])));

        AssertError(response, 50027, "invalid_request", 400, "signature does not verify");
        Assert.DoesNotContain(Subject, response.Body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issuer_differing_by_a_trailing_slash_is_700211_with_a_hint()
    {
        var identity = await Server.CreateIdentityAsync(Issuer.Url + "/", Subject);

        var response = await ExchangeAsync(identity.ClientId, Issuer.Mint(Subject));

        AssertError(response, 700211, "invalid_client", 401, "differs only by a trailing slash");
    }

    [Fact]
    public async Task Audience_mismatch_is_700212()
    {
        var identity = await IdentityAsync();

        var response = await ExchangeAsync(identity.ClientId, Issuer.Mint(Subject, audience: "api://something-else"));

        AssertError(response, 700212, "invalid_client", 401, "'api://something-else'", "'api://AzureADTokenExchange'");
    }

    [Fact]
    public async Task Subject_mismatch_is_700213_naming_received_and_configured_subjects()
    {
        var identity = await IdentityAsync();

        var response = await ExchangeAsync(identity.ClientId, Issuer.Mint("system:serviceaccount:prod:billing"));

        AssertError(response, 700213, "invalid_client", 401,
            "'system:serviceaccount:prod:billing'", $"Configured subjects for this issuer: '{Subject}'");
    }

    [Fact]
    public async Task Subject_in_another_namespace_is_700213_with_a_namespace_hint()
    {
        var identity = await IdentityAsync();

        var response = await ExchangeAsync(identity.ClientId, Issuer.Mint("system:serviceaccount:staging:orders"));

        AssertError(response, 700213, "invalid_client", 401, "service account 'orders' in another namespace");
    }

    [Fact]
    public async Task Subject_differing_only_in_case_is_7002138()
    {
        var identity = await IdentityAsync();

        var response = await ExchangeAsync(identity.ClientId, Issuer.Mint("system:serviceaccount:PROD:orders"));

        AssertError(response, 7002138, "invalid_client", 401, "only when letter case is ignored", "case-sensitively");
    }

    [Fact]
    public async Task Unreachable_issuer_is_90061()
    {
        const string unreachable = "https://127.0.0.1:1/nowhere";
        var identity = await Server.CreateIdentityAsync(unreachable, Subject);

        var response = await ExchangeAsync(identity.ClientId, Issuer.Mint(Subject, payload: p => p["iss"] = unreachable));

        AssertError(response, 90061, "invalid_request", 400, unreachable + "/.well-known/openid-configuration");
    }

    [Fact]
    public async Task Discovery_document_naming_another_issuer_is_501661()
    {
        await using var impostor = await TestIssuer.StartAsync(fixture.Ca, "/impostor");
        impostor.DiscoveryOverride = JsonSerializer.Serialize(new { issuer = Issuer.Url, jwks_uri = Issuer.Url + "/openid/v1/jwks" });
        var identity = await Server.CreateIdentityAsync(impostor.Url, Subject);

        var response = await ExchangeAsync(identity.ClientId, impostor.Mint(Subject));

        AssertError(response, 501661, "invalid_request", 400, $"names issuer '{Issuer.Url}', not '{impostor.Url}'");
    }

    [Fact]
    public async Task Expired_assertion_is_700024()
    {
        var identity = await IdentityAsync();

        var response = await ExchangeAsync(identity.ClientId,
            Issuer.Mint(Subject, lifetime: TimeSpan.FromMinutes(10), now: DateTimeOffset.UtcNow.AddHours(-1)));

        AssertError(response, 700024, "invalid_client", 401, "current time", "valid from", "expiry");
    }

    [Fact]
    public async Task Assertion_not_valid_yet_is_700024()
    {
        var identity = await IdentityAsync();

        var response = await ExchangeAsync(identity.ClientId, Issuer.Mint(Subject, now: DateTimeOffset.UtcNow.AddMinutes(10)));

        AssertError(response, 700024, "invalid_client", 401, "not valid yet");
    }

    [Fact]
    public async Task Assertion_living_over_25_hours_is_70023()
    {
        var identity = await IdentityAsync();

        var response = await ExchangeAsync(identity.ClientId, Issuer.Mint(Subject, lifetime: TimeSpan.FromHours(26)));

        AssertError(response, 70023, "invalid_request", 400, "26 hours", "at most 25 hours");
    }

    [Theory]
    [InlineData("api://orders")]
    [InlineData("api://orders/read")]
    [InlineData("openid profile")]
    public async Task Scope_that_is_not_resource_dot_default_is_70011(string scope)
    {
        var identity = await IdentityAsync();

        var response = await ExchangeAsync(identity.ClientId, Issuer.Mint(Subject), scope);

        AssertError(response, 70011, "invalid_scope", 400, "/.default");
    }

    [Fact]
    public async Task Two_resources_in_one_request_is_700022()
    {
        var identity = await IdentityAsync();

        var response = await ExchangeAsync(identity.ClientId, Issuer.Mint(Subject), "api://orders/.default api://billing/.default");

        AssertError(response, 700022, "invalid_scope", 400, "2 resources");
    }

    [Fact]
    public async Task Unknown_resource_is_500011()
    {
        var identity = await IdentityAsync();

        var response = await ExchangeAsync(identity.ClientId, Issuer.Mint(Subject), "api://unknown/.default");

        AssertError(response, 500011, "invalid_resource", 400, "'api://unknown'", "--identifier-uri 'api://unknown'");
    }

    [Fact]
    public async Task Resource_parameter_on_the_v2_endpoint_is_901002()
    {
        var identity = await IdentityAsync();
        var form = TesseraTestServer.TokenForm(identity.ClientId, Issuer.Mint(Subject), StsFixture.Resource + "/.default");
        form["resource"] = StsFixture.Resource;

        var (status, body, _) = await Server.PostTokenAsync(form);

        AssertError((status, body), 901002, "invalid_request", 400, "'scope', not 'resource'");
    }

    [Fact]
    public async Task Access_token_of_this_sts_used_as_assertion_is_700222()
    {
        var identity = await IdentityAsync();
        var (_, success) = await ExchangeAsync(identity.ClientId, Issuer.Mint(Subject));
        var accessToken = success.GetProperty("access_token").GetString()!;

        var response = await ExchangeAsync(identity.ClientId, accessToken);

        AssertError(response, 700222, "invalid_client", 401, "issued by this STS");
    }

    [Fact]
    public async Task Unsupported_grant_type_is_refused()
    {
        var identity = await IdentityAsync();
        var form = TesseraTestServer.TokenForm(identity.ClientId, Issuer.Mint(Subject), StsFixture.Resource + "/.default");
        form["grant_type"] = "password";

        var (status, body, _) = await Server.PostTokenAsync(form);

        AssertError((status, body), 70003, "unsupported_grant_type", 400, "'password'");
    }

    [Fact]
    public async Task Repeated_parameter_is_refused()
    {
        var identity = await IdentityAsync();
        var content = new FormUrlEncodedContent(
        [
            .. TesseraTestServer.TokenForm(identity.ClientId, Issuer.Mint(Subject), StsFixture.Resource + "/.default"),
            new KeyValuePair<string, string>("scope", "api://billing/.default"),
        ]);

        var response = await Server.Http.PostAsync($"{Server.TenantId}/oauth2/v2.0/token", content);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        AssertError(((int)response.StatusCode, body.RootElement), 900144, "invalid_request", 400, "'scope' appears 2 times");
    }

    [Fact]
    public async Task Json_body_instead_of_a_form_is_refused()
    {
        var response = await Server.Http.PostAsync($"{Server.TenantId}/oauth2/v2.0/token",
            new StringContent("{\"client_id\":\"x\"}", System.Text.Encoding.UTF8, "application/json"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        AssertError(((int)response.StatusCode, body.RootElement), 900144, "invalid_request", 400, "x-www-form-urlencoded");
    }

    [Fact]
    public async Task Error_has_entras_shape_and_echoes_the_correlation_id()
    {
        var correlation = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Server.TenantId}/oauth2/v2.0/token")
        {
            Content = new FormUrlEncodedContent(TesseraTestServer.TokenForm(Guid.NewGuid(), "x", "api://orders/.default")),
        };
        request.Headers.Add("client-request-id", correlation);

        using var response = await Server.Http.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var body = document.RootElement;

        Assert.Equal(correlation, response.Headers.GetValues("client-request-id").Single());
        Assert.Equal(correlation, body.GetProperty("correlation_id").GetString());
        Assert.Matches(DescriptionPattern(), body.GetProperty("error_description").GetString()!);
        Assert.Matches(TimestampPattern(), body.GetProperty("timestamp").GetString()!);
        Assert.True(Guid.TryParse(body.GetProperty("trace_id").GetString(), out _));
        Assert.EndsWith($"Correlation ID: {correlation} Timestamp: {body.GetProperty("timestamp").GetString()}",
            body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^AADSTS\d+: .+ Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$")]
    private static partial Regex DescriptionPattern();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$")]
    private static partial Regex TimestampPattern();
}
