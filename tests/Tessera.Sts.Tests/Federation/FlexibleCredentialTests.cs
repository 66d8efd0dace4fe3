using System.Text.Json;
using Tessera.Client.Contracts;
using Tessera.Testing;

namespace Tessera.Sts.Tests.Federation;

/// <summary>
/// Flexible federated credentials at the token endpoint: real signed assertions, a claims matching expression in
/// place of the subject, and refusals naming the term that failed.
/// </summary>
public sealed class FlexibleCredentialTests(StsFixture fixture) : IClassFixture<StsFixture>
{
    private const string Scope = StsFixture.Resource + "/.default";

    private const string Expression =
        "claims['sub'] matches 'system:serviceaccount:ci-*:builder' and claims['kubernetes.io'].namespace matches " +
        "'ci-?' and claims['kubernetes.io']['serviceaccount'].uid eq 'uid-7'";

    public static TheoryData<string, string, string, string, int, string> Cases => new()
    {
        { "accepted", "ci-1", "builder", "uid-7", 0, "" },
        { "other namespace", "prod", "builder", "uid-7", 700213,
            "term 1 of 3 (claims['sub'] matches 'system:serviceaccount:ci-*:builder') does not hold: the token's " +
            "claims['sub'] is 'system:serviceaccount:prod:builder'" },
        { "namespace one character too long", "ci-12", "builder", "uid-7", 700213,
            "term 2 of 3 (claims['kubernetes.io'].namespace matches 'ci-?') does not hold: the token's " +
            "claims['kubernetes.io'].namespace is 'ci-12'" },
        { "recreated service account", "ci-2", "builder", "uid-8", 700213,
            "term 3 of 3 (claims['kubernetes.io']['serviceaccount'].uid eq 'uid-7') does not hold: the token's " +
            "claims['kubernetes.io'].serviceaccount.uid is 'uid-8'" },
        { "other service account", "ci-1", "deployer", "uid-7", 700213,
            "term 1 of 3 (claims['sub'] matches 'system:serviceaccount:ci-*:builder') does not hold: the token's " +
            "claims['sub'] is 'system:serviceaccount:ci-1:deployer'" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Expression_credential_accepts_or_refuses_signed_assertions(
        string name, string ns, string account, string uid, int code, string fragment)
    {
        var identity = await CreateAsync(fixture.Issuer.Url, Expression);

        var (status, body) = await ExchangeAsync(identity, fixture.Issuer.Mint("", payload: CiTokens.Kubernetes(ns, account, uid)));

        if (code == 0)
        {
            Assert.True(status == 200, $"{name}: {body}");
            return;
        }

        Assert.Equal(401, status);
        Assert.Equal(code, body.GetProperty("error_codes")[0].GetInt32());
        Assert.Contains(fragment, body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_without_the_nested_claim_is_refused_naming_what_it_lacks()
    {
        var identity = await CreateAsync(fixture.Issuer.Url, Expression);

        var (status, body) = await ExchangeAsync(identity, fixture.Issuer.Mint("system:serviceaccount:ci-1:builder"));

        Assert.Equal(401, status);
        Assert.Contains("term 2 of 3 (claims['kubernetes.io'].namespace matches 'ci-?') does not hold: the token has " +
            "no claims['kubernetes.io']", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subject_and_expression_credentials_of_one_identity_both_sign_in()
    {
        var identity = await CreateAsync(fixture.Issuer.Url, "claims['sub'] matches 'system:serviceaccount:jobs:*'");
        await fixture.Server.Admin.CreateCredentialAsync(identity.ClientId.ToString(), null,
            new CreateFederatedCredentialRequest("classic", fixture.Issuer.Url, "system:serviceaccount:web:front"), default);

        var byExpression = await ExchangeAsync(identity, fixture.Issuer.Mint("system:serviceaccount:jobs:nightly"));
        var bySubject = await ExchangeAsync(identity, fixture.Issuer.Mint("system:serviceaccount:web:front"));

        Assert.Equal(200, byExpression.Status);
        Assert.Equal(200, bySubject.Status);
    }

    [Fact]
    public async Task Refusal_lists_configured_subjects_and_the_nearest_expression()
    {
        var identity = await CreateAsync(fixture.Issuer.Url, "claims['sub'] matches 'system:serviceaccount:jobs:*'");
        await fixture.Server.Admin.CreateCredentialAsync(identity.ClientId.ToString(), null,
            new CreateFederatedCredentialRequest("classic", fixture.Issuer.Url, "system:serviceaccount:web:front"), default);

        var (status, body) = await ExchangeAsync(identity, fixture.Issuer.Mint("system:serviceaccount:batch:nightly"));

        var description = body.GetProperty("error_description").GetString()!;
        Assert.Equal(401, status);
        Assert.StartsWith("AADSTS700213", description, StringComparison.Ordinal);
        Assert.Contains("Configured subjects for this issuer: 'system:serviceaccount:web:front'.", description,
            StringComparison.Ordinal);
        Assert.Contains("whose term 1 of 1 (claims['sub'] matches 'system:serviceaccount:jobs:*') does not hold: the " +
            "token's claims['sub'] is 'system:serviceaccount:batch:nightly'", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_shows_the_failing_term_of_a_flexible_credential()
    {
        var identity = await CreateAsync(fixture.Issuer.Url, Expression);
        var token = fixture.Issuer.Mint("", payload: CiTokens.Kubernetes("ci-3", "builder", "uid-9"));

        var explanation = await fixture.Server.Admin.ExplainAsync(
            new ExplainRequest(token, identity.ClientId.ToString()), default);

        var step = explanation.Steps.Single(s => s.Check == "federated credential");
        Assert.False(explanation.WouldSucceed);
        Assert.False(step.Passed);
        Assert.Contains("claims matching expression: term 3 of 3 (claims['kubernetes.io']['serviceaccount'].uid eq " +
            "'uid-7') does not hold: the token's claims['kubernetes.io'].serviceaccount.uid is 'uid-9'", step.Detail,
            StringComparison.Ordinal);
    }

    private async Task<IdentityResource> CreateAsync(string issuer, string expression)
    {
        var identity = await fixture.Server.Admin.CreateIdentityAsync(
            new CreateIdentityRequest(TesseraTestServer.Unique("flex")), default);
        await fixture.Server.Admin.CreateCredentialAsync(identity.ClientId.ToString(), null,
            new CreateFederatedCredentialRequest("flexible", issuer, null,
                ClaimsMatchingExpression: new ClaimsMatchingExpression(expression)), default);
        return identity;
    }

    private async Task<(int Status, JsonElement Body)> ExchangeAsync(IdentityResource identity, string assertion)
    {
        var (status, body, _) = await fixture.Server.PostTokenAsync(
            TesseraTestServer.TokenForm(identity.ClientId, assertion, Scope));
        return (status, body);
    }
}
