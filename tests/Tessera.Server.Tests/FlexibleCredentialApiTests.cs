using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Client;
using Tessera.Client.Contracts;
using Tessera.Testing;

namespace Tessera.Server.Tests;

/// <summary>
/// The admin API of flexible credentials (Entra's <c>claimsMatchingExpression</c> shape) and of trusted issuer
/// settings.
/// </summary>
public sealed class FlexibleCredentialApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Issuer = "https://token.actions.githubusercontent.com";
    private TesseraTestServer Server => fixture.Server;

    [Theory]
    [InlineData("claims['sub'] == 'repo:org/app:*'", 15, "unexpected character '='; compare with 'eq' or 'matches'")]
    [InlineData("claims['sub'] matches 'repo:org/app:*' or claims['sub'] eq 'x'", 40,
        "expected 'and' or the end of the expression, found 'or'; 'or' is not part of language version 1")]
    [InlineData("claims['sub'] eq \"main\"", 18, "unexpected character '\"'; strings are written in single quotes")]
    [InlineData("claims['sub'] matches '*'", 23, "the pattern '*' is only wildcards")]
    [InlineData("claims[sub] eq 'x'", 8, "expected a claim name in single quotes, found 'sub'")]
    public async Task Bad_expression_is_400_naming_the_column(string expression, int column, string reason)
    {
        var identity = await CreateIdentityAsync();

        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() => Server.Admin.CreateCredentialAsync(
            identity.ClientId.ToString(), null, new CreateFederatedCredentialRequest("flex", Issuer, null,
                ClaimsMatchingExpression: new ClaimsMatchingExpression(expression)), default));

        var error = Assert.Single(refusal.Problem!.Errors!);
        Assert.Equal(400, refusal.Status);
        Assert.Equal("claimsMatchingExpression", error.Field);
        Assert.Equal(expression, error.Value);
        Assert.StartsWith($"column {column}: {reason}", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subject_and_expression_together_are_refused()
    {
        var identity = await CreateIdentityAsync();

        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() => Server.Admin.CreateCredentialAsync(
            identity.ClientId.ToString(), null, new CreateFederatedCredentialRequest("flex", Issuer, "repo:org/app:pull_request",
                ClaimsMatchingExpression: new ClaimsMatchingExpression("claims['sub'] eq 'x'")), default));

        Assert.Equal(400, refusal.Status);
        Assert.Contains("give either a subject or a claimsMatchingExpression, not both",
            Assert.Single(refusal.Problem!.Errors!).Rule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flexible_credential_reads_back_in_entra_wire_shape()
    {
        var identity = await CreateIdentityAsync();
        const string expression = "claims['sub'] matches 'repo:org/app:ref:refs/heads/release-*' and " +
            "claims['repository_id'] eq '74'";
        await Server.Admin.CreateCredentialAsync(identity.ClientId.ToString(), null, new CreateFederatedCredentialRequest(
            "release", Issuer, null, ClaimsMatchingExpression: new ClaimsMatchingExpression(expression)), default);

        var listed = await Server.Admin.ListCredentialsAsync(identity.ClientId.ToString(), null, default);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"admin/identities/{identity.ClientId}/federated-credentials");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            await File.ReadAllTextAsync(Path.Combine(Server.DataDirectory, "admin-token")));
        using var response = await Server.Http.SendAsync(request);
        var json = (await response.Content.ReadFromJsonAsync<JsonElement>())[0];

        var credential = Assert.Single(listed);
        Assert.Null(credential.Subject);
        Assert.Equal(new ClaimsMatchingExpression(expression, 1), credential.ClaimsMatchingExpression);
        Assert.Equal(expression, json.GetProperty("claimsMatchingExpression").GetProperty("value").GetString());
        Assert.Equal(1, json.GetProperty("claimsMatchingExpression").GetProperty("languageVersion").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("subject").ValueKind);
    }

    [Fact]
    public async Task Unknown_language_version_is_refused()
    {
        var identity = await CreateIdentityAsync();

        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() => Server.Admin.CreateCredentialAsync(
            identity.ClientId.ToString(), null, new CreateFederatedCredentialRequest("flex", Issuer, null,
                ClaimsMatchingExpression: new ClaimsMatchingExpression("claims['sub'] eq 'x'", 2)), default));

        var error = Assert.Single(refusal.Problem!.Errors!);
        Assert.Equal("claimsMatchingExpression.languageVersion", error.Field);
        Assert.Equal("2", error.Value);
    }

    [Fact]
    public async Task Trusted_issuer_settings_are_set_listed_deleted_and_audited()
    {
        var issuer = $"https://{Guid.NewGuid():N}.gitlab.example";

        var set = await Server.Admin.SetTrustedIssuerAsync(new SetTrustedIssuerRequest(issuer, true), default);
        var listed = (await Server.Admin.ListTrustedIssuersAsync(default)).Single(i => i.Issuer == issuer);
        await Server.Admin.DeleteTrustedIssuerAsync(issuer, default);
        var audit = await Server.Admin.ListAuditAsync(null, null, null, null, null, 1000, default);

        Assert.True(set.ReplayProtection);
        Assert.Equal(set, listed);
        Assert.DoesNotContain(await Server.Admin.ListTrustedIssuersAsync(default), i => i.Issuer == issuer);
        var target = $"/admin/trusted-issuers?issuer={Uri.EscapeDataString(issuer)}";
        Assert.Equal(["trusted-issuer.delete", "trusted-issuer.set"],
            audit.Where(r => r.Target == target).Select(r => r.Action));
    }

    [Fact]
    public async Task Trusted_issuer_settings_need_a_choice_and_an_issuer_url()
    {
        var refusal = await Assert.ThrowsAsync<TesseraClientException>(() =>
            Server.Admin.SetTrustedIssuerAsync(new SetTrustedIssuerRequest("http://plain.example", null), default));

        Assert.Equal(400, refusal.Status);
        Assert.Equal(["issuer", "replayProtection"], refusal.Problem!.Errors!.Select(e => e.Field));
    }

    [Fact]
    public async Task Credential_administrators_may_not_change_trusted_issuer_settings()
    {
        var pipeline = await Server.CreateRoleHolderAsync("Credential Administrator");
        using var request = new HttpRequestMessage(HttpMethod.Put, "admin/trusted-issuers")
        {
            Content = JsonContent.Create(new SetTrustedIssuerRequest("https://gitlab.example", false)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await pipeline.AccessTokenAsync());

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(403, (int)response.StatusCode);
    }

    private Task<IdentityResource> CreateIdentityAsync() =>
        Server.Admin.CreateIdentityAsync(new CreateIdentityRequest(TesseraTestServer.Unique("flex")), default);
}
