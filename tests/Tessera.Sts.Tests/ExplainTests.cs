using Tessera.Client.Contracts;
using Tessera.Testing;

namespace Tessera.Sts.Tests;

/// <summary>'tessera explain' walks a token through every check and says exactly where it differs.</summary>
public sealed class ExplainTests(StsFixture fixture) : IClassFixture<StsFixture>
{
    private const string Subject = "system:serviceaccount:prod:orders";
    private TesseraTestServer Server => fixture.Server;

    private Task<ExplanationResource> ExplainAsync(string assertion, string? identity) =>
        Server.Admin.ExplainAsync(new ExplainRequest(assertion, identity), default);

    private static ExplanationStepResource Step(ExplanationResource explanation, string check) =>
        explanation.Steps.Single(s => s.Check == check);

    [Fact]
    public async Task Valid_token_passes_every_check_and_names_its_credential()
    {
        var identity = await Server.CreateIdentityAsync(fixture.Issuer.Url, Subject);

        var explanation = await ExplainAsync(fixture.Issuer.Mint(Subject), identity.ClientId.ToString());

        Assert.True(explanation.WouldSucceed);
        Assert.Equal(
            ["token format", "federated credential", "discovery and keys", "signature", "time window", "replay protection"],
            explanation.Steps.Select(s => s.Check));
        Assert.All(explanation.Steps, s => Assert.True(s.Passed, s.Detail));
        Assert.Equal(identity.ClientId, explanation.ClientId);
        Assert.NotNull(explanation.CredentialName);
    }

    [Fact]
    public async Task Issuer_with_a_trailing_slash_is_shown_as_the_difference()
    {
        var identity = await Server.CreateIdentityAsync(fixture.Issuer.Url + "/", Subject);

        var explanation = await ExplainAsync(fixture.Issuer.Mint(Subject), identity.Name);
        var step = Step(explanation, "federated credential");

        Assert.False(explanation.WouldSucceed);
        Assert.False(step.Passed);
        Assert.Contains($"credential has '{fixture.Issuer.Url}/' (differs only by a trailing slash)", step.Detail, StringComparison.Ordinal);
        Assert.True(Step(explanation, "signature").Passed);
    }

    [Fact]
    public async Task Namespace_difference_is_spelled_out()
    {
        var identity = await Server.CreateIdentityAsync(fixture.Issuer.Url, Subject);

        var explanation = await ExplainAsync(fixture.Issuer.Mint("system:serviceaccount:staging:orders"), identity.Name);

        Assert.Contains("(same service account, namespace 'staging' instead of 'prod')",
            Step(explanation, "federated credential").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audience_difference_is_spelled_out()
    {
        var identity = await Server.CreateIdentityAsync(fixture.Issuer.Url, Subject);

        var explanation = await ExplainAsync(fixture.Issuer.Mint(Subject, audience: "api://azureadtokenexchange"), identity.Name);

        Assert.Contains("audience: token has 'api://azureadtokenexchange', credential expects 'api://AzureADTokenExchange' " +
            "(differs only in letter case)", Step(explanation, "federated credential").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_token_fails_the_time_window_with_the_times()
    {
        var identity = await Server.CreateIdentityAsync(fixture.Issuer.Url, Subject);

        var explanation = await ExplainAsync(
            fixture.Issuer.Mint(Subject, lifetime: TimeSpan.FromMinutes(10), now: DateTimeOffset.UtcNow.AddHours(-2)), identity.Name);

        Assert.False(explanation.WouldSucceed);
        Assert.Contains("has expired: current time", Step(explanation, "time window").Detail, StringComparison.Ordinal);
        Assert.True(Step(explanation, "federated credential").Passed);
    }

    [Fact]
    public async Task Unreachable_issuer_fails_discovery_and_leaves_the_signature_unchecked()
    {
        const string unreachable = "https://127.0.0.1:1/gone";
        var identity = await Server.CreateIdentityAsync(unreachable, Subject);

        var explanation = await ExplainAsync(fixture.Issuer.Mint(Subject, payload: p => p["iss"] = unreachable), identity.Name);

        Assert.False(Step(explanation, "discovery and keys").Passed);
        Assert.Equal("not checked: the issuer's keys could not be obtained", Step(explanation, "signature").Detail);
    }

    [Fact]
    public async Task Malformed_token_stops_at_the_format_check()
    {
        var explanation = await ExplainAsync("abc.def", null);

        var step = Assert.Single(explanation.Steps);
        Assert.False(step.Passed);
        Assert.Contains("2 segment(s)", step.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_identity_the_nearest_credential_in_the_tenant_is_found()
    {
        var subject = $"system:serviceaccount:explain:{Guid.NewGuid():N}";
        var identity = await Server.CreateIdentityAsync(fixture.Issuer.Url, subject);

        var explanation = await ExplainAsync(fixture.Issuer.Mint(subject), null);

        Assert.True(explanation.WouldSucceed);
        Assert.Equal(identity.ClientId, explanation.ClientId);
    }
}
