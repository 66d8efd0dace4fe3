using System.Text.Json;
using Tessera.Client.Contracts;
using Tessera.Testing;

namespace Tessera.Sts.Tests.Federation;

/// <summary>
/// Replay protection per issuer: with it on, an assertion (iss, jti) is exchanged once while it is valid. Each test
/// has its own issuer, since settings hold for every identity trusting the issuer.
/// </summary>
public sealed class ReplayProtectionTests(StsFixture fixture) : IClassFixture<StsFixture>
{
    private const string Subject = "repo:contoso/orders:ref:refs/heads/main";
    private const string Scope = StsFixture.Resource + "/.default";

    [Fact]
    public async Task Without_settings_an_assertion_may_be_exchanged_again()
    {
        await using var issuer = await TestIssuer.StartAsync(fixture.Ca, "/ci-off");
        var identity = await fixture.Server.CreateIdentityAsync(issuer.Url, Subject);
        var token = issuer.Mint(Subject);

        var first = await ExchangeAsync(identity, token);
        var second = await ExchangeAsync(identity, token);

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
    }

    [Fact]
    public async Task With_replay_protection_the_first_use_is_accepted_and_the_second_refused()
    {
        await using var issuer = await TestIssuer.StartAsync(fixture.Ca, "/ci-on");
        var identity = await fixture.Server.CreateIdentityAsync(issuer.Url, Subject);
        await fixture.Server.Admin.SetTrustedIssuerAsync(new SetTrustedIssuerRequest(issuer.Url, true), default);
        var token = issuer.Mint(Subject, payload: p => p["jti"] = "run-10311290345-1");

        var first = await ExchangeAsync(identity, token);
        var second = await ExchangeAsync(identity, token);
        var fresh = await ExchangeAsync(identity, issuer.Mint(Subject));

        Assert.Equal(200, first.Status);
        Assert.Equal(400, second.Status);
        Assert.Equal(50027, second.Body.GetProperty("error_codes")[0].GetInt32());
        Assert.Equal("invalid_request", second.Body.GetProperty("error").GetString());
        Assert.Contains($"The client assertion with jti 'run-10311290345-1' from issuer '{issuer.Url}' was already " +
            "exchanged", Description(second), StringComparison.Ordinal);
        Assert.Equal(200, fresh.Status);
    }

    [Fact]
    public async Task With_replay_protection_an_assertion_without_jti_is_refused()
    {
        await using var issuer = await TestIssuer.StartAsync(fixture.Ca, "/ci-nojti");
        var identity = await fixture.Server.CreateIdentityAsync(issuer.Url, Subject);
        var token = issuer.Mint(Subject, payload: p => p.Remove("jti"));
        var before = await ExchangeAsync(identity, token);
        await fixture.Server.Admin.SetTrustedIssuerAsync(new SetTrustedIssuerRequest(issuer.Url, true), default);

        var after = await ExchangeAsync(identity, token);

        Assert.Equal(200, before.Status);
        Assert.Equal(400, after.Status);
        Assert.Equal(50027, after.Body.GetProperty("error_codes")[0].GetInt32());
        Assert.Contains($"has no 'jti' claim, and issuer '{issuer.Url}' has replay protection on",
            Description(after), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_refused_for_its_resource_does_not_use_the_assertion_up()
    {
        await using var issuer = await TestIssuer.StartAsync(fixture.Ca, "/ci-resource");
        var identity = await fixture.Server.CreateIdentityAsync(issuer.Url, Subject);
        await fixture.Server.Admin.SetTrustedIssuerAsync(new SetTrustedIssuerRequest(issuer.Url, true), default);
        var token = issuer.Mint(Subject);

        var typo = await ExchangeAsync(identity, token, "api://ordres/.default");
        var corrected = await ExchangeAsync(identity, token);

        Assert.Equal(500011, typo.Body.GetProperty("error_codes")[0].GetInt32());
        Assert.Equal(200, corrected.Status);
    }

    [Fact]
    public async Task Turning_replay_protection_off_again_accepts_reuse()
    {
        await using var issuer = await TestIssuer.StartAsync(fixture.Ca, "/ci-toggle");
        var identity = await fixture.Server.CreateIdentityAsync(issuer.Url, Subject);
        await fixture.Server.Admin.SetTrustedIssuerAsync(new SetTrustedIssuerRequest(issuer.Url, true), default);
        var token = issuer.Mint(Subject);
        Assert.Equal(200, (await ExchangeAsync(identity, token)).Status);

        await fixture.Server.Admin.DeleteTrustedIssuerAsync(issuer.Url, default);
        var reused = await ExchangeAsync(identity, token);

        Assert.Equal(200, reused.Status);
        Assert.DoesNotContain(await fixture.Server.Admin.ListTrustedIssuersAsync(default), i => i.Issuer == issuer.Url);
    }

    private async Task<(int Status, JsonElement Body)> ExchangeAsync(
        IdentityResource identity, string assertion, string scope = Scope)
    {
        var (status, body, _) = await fixture.Server.PostTokenAsync(
            TesseraTestServer.TokenForm(identity.ClientId, assertion, scope));
        return (status, body);
    }

    private static string Description((int Status, JsonElement Body) result) =>
        result.Body.GetProperty("error_description").GetString()!;
}
