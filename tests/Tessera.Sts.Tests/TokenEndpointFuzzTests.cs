using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using Tessera.Testing;

namespace Tessera.Sts.Tests;

/// <summary>
/// Random and half-valid token requests against the real endpoint, bounded in time: every answer is a 4xx with
/// Entra's JSON error body or a 200, never a 500, and the server keeps answering.
/// </summary>
public sealed class TokenEndpointFuzzTests(StsFixture fixture) : IClassFixture<StsFixture>
{
    private static readonly string[] s_names =
    [
        "grant_type", "client_id", "client_assertion_type", "client_assertion", "scope", "resource", "client_secret",
        "claims", "client_info",
    ];

    [Fact]
    public async Task Random_forms_never_cause_a_server_error()
    {
        var identity = await fixture.Server.CreateIdentityAsync(fixture.Issuer.Url, "system:serviceaccount:prod:orders");
        var valid = TesseraTestServer.TokenForm(identity.ClientId, fixture.Issuer.Mint("system:serviceaccount:prod:orders"),
            StsFixture.Resource + "/.default");
        var value = Gen.OneOf(
            Gen.String[0, 60],
            Gen.OneOf([.. valid.Values]),
            Gen.OneOf("client_credentials", "api://orders/.default", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            Gen.Char.Array[0, 5000].Select(c => new string(c)));
        var field = Gen.Select(Gen.OneOf(Gen.OneOf(s_names), Gen.String[0, 12]), value);
        var forms = Gen.OneOf(
            field.Array[0, 12],
            field.Array[0, 4].Select(extra => valid.Select(kv => (kv.Key, kv.Value)).Concat(extra).ToArray()));

        await forms.SampleAsync(async pairs =>
        {
            var content = new FormUrlEncodedContent(pairs.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)));
            using var response = await fixture.Server.Http.PostAsync($"{fixture.Server.TenantId}/oauth2/v2.0/token", content);
            await AssertWellFormedAsync(response);
        }, iter: 400, time: 15, threads: 1);
    }

    [Fact]
    public async Task Random_bytes_as_a_form_never_cause_a_server_error()
    {
        await Gen.Byte.Array[0, 3000].SampleAsync(async bytes =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new("application/x-www-form-urlencoded");
            using var response = await fixture.Server.Http.PostAsync($"{fixture.Server.TenantId}/oauth2/v2.0/token", content);
            await AssertWellFormedAsync(response);
        }, iter: 300, time: 10, threads: 1);
    }

    private static async Task AssertWellFormedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized,
            $"{(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(Encoding.UTF8.GetBytes(body));
        Assert.True(json.RootElement.TryGetProperty(response.StatusCode == HttpStatusCode.OK ? "access_token" : "error", out _), body);
    }
}
