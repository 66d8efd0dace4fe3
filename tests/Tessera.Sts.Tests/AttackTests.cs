using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tessera.Testing;

namespace Tessera.Sts.Tests;

/// <summary>
/// Known attacks on JWT validators, each sent to the token endpoint as an attacker would send it, with the
/// specific refusal asserted. The parser's own tests cover the same ground in more detail.
/// </summary>
public sealed class AttackTests(StsFixture fixture) : IClassFixture<StsFixture>
{
    private const string Subject = "system:serviceaccount:prod:orders";

    private async Task<(int Status, int Code, string Description)> SendAsync(string assertion, Guid? clientId = null)
    {
        var id = clientId ?? (await fixture.Server.CreateIdentityAsync(fixture.Issuer.Url, Subject)).ClientId;
        var (status, body, _) = await fixture.Server.PostTokenAsync(
            TesseraTestServer.TokenForm(id, assertion, StsFixture.Resource + "/.default"));
        return (status, body.GetProperty("error_codes")[0].GetInt32(), body.GetProperty("error_description").GetString()!);
    }

    public static TheoryData<string, Func<TestIssuer, string>, string> Attacks => new()
    {
        { "alg none", i => Unsigned(i, "none"), "unsigned tokens are never accepted" },
        { "alg NoNe", i => Unsigned(i, "NoNe"), "unsigned tokens are never accepted" },
        { "HMAC with the public key as secret", HmacWithPublicKey, "HMAC (shared-secret) signatures are never accepted" },
        { "embedded jwk", i => i.Mint(Subject, header: h => h["jwk"] = TestIssuer.PublicJwk(i.Keys[0])), "'jwk' member" },
        { "crit header", i => i.Mint(Subject, header: h => h["crit"] = new JsonArray("exp")), "'crit' member" },
        { "b64 false", i => i.Mint(Subject, header: h => h["b64"] = false), "'b64' member" },
        { "zip", i => i.Mint(Subject, header: h => h["zip"] = "DEF"), "'zip' member" },
        { "five segments", _ => "a.b.c.d.e", "encrypted token (JWE)" },
        { "extra segment", i => i.Mint(Subject) + ".extra", "4 segment(s)" },
        { "missing segment", i => string.Join('.', i.Mint(Subject).Split('.')[..2]), "2 segment(s)" },
        { "padded base64", i => Padded(i.Mint(Subject)), "not canonical base64url" },
        { "duplicate sub", DuplicateSubject, "repeats a JSON member" },
        { "exp as string", i => i.Mint(Subject, payload: p => p["exp"] = "9999999999"), "'exp' claim is a JSON string" },
        { "exp as float", i => i.Mint(Subject, payload: p => p["exp"] = 1800000000.5), "whole number of seconds" },
        { "negative iat", i => i.Mint(Subject, payload: p => p["iat"] = -5), "not a plausible time" },
        { "missing exp", i => i.Mint(Subject, payload: p => p.Remove("exp")), "no 'exp' claim" },
        { "missing iat", i => i.Mint(Subject, payload: p => p.Remove("iat")), "no 'iat' claim" },
        { "oversized", i => i.Mint(Subject, payload: p => p["padding"] = new string('a', 10_000)), "at most 8192 are accepted" },
        { "RS256 token claiming ES256", i => i.Mint(Subject, header: h => h["alg"] = "ES256"), "is published for RS256, but the assertion says ES256" },
        { "unknown kid", i => i.Mint(Subject, header: h => h["kid"] = "not-published"), "publishes no key with kid" },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Attack_is_refused_as_50027_naming_the_flaw(string attack, Func<TestIssuer, string> forge, string reason)
    {
        var (status, code, description) = await SendAsync(forge(fixture.Issuer));

        Assert.True(code == 50027 && status == 400, $"{attack}: {code} {description}");
        Assert.True(description.Contains(reason, StringComparison.Ordinal), $"{attack}: {description}");
    }

    [Fact]
    public async Task Key_urls_in_the_header_are_never_fetched()
    {
        using var canary = new TcpListener(IPAddress.Loopback, 0);
        canary.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)canary.LocalEndpoint).Port}/keys";
        var connections = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var client = await canary.AcceptTcpClientAsync();
                Interlocked.Increment(ref connections);
            }
        });

        var jku = await SendAsync(fixture.Issuer.Mint(Subject, header: h => h["jku"] = url));
        var x5u = await SendAsync(fixture.Issuer.Mint(Subject, header: h => h["x5u"] = url));
        var x5c = await SendAsync(fixture.Issuer.Mint(Subject, header: h => h["x5c"] = new JsonArray("MIIBAA==")));
        await Task.Delay(200);

        Assert.Contains("'jku' member", jku.Description, StringComparison.Ordinal);
        Assert.Contains("'x5u' member", x5u.Description, StringComparison.Ordinal);
        Assert.Contains("'x5c' member", x5c.Description, StringComparison.Ordinal);
        Assert.Equal(0, Volatile.Read(ref connections));
    }

    [Fact]
    public async Task Token_naming_issuer_a_but_signed_with_issuer_bs_key_under_the_same_kid_is_refused()
    {
        await using var other = await TestIssuer.StartAsync(fixture.Ca, "/issuer-b");
        await using var first = await TestIssuer.StartAsync(fixture.Ca, "/issuer-a");
        first.KeySetOverride = KeySetWithKid(first.Keys[0], "shared");
        other.KeySetOverride = KeySetWithKid(other.Keys[0], "shared");
        var identity = await fixture.Server.CreateIdentityAsync(first.Url, Subject);
        Assert.Equal(200, (await fixture.Server.PostTokenAsync(TesseraTestServer.TokenForm(identity.ClientId,
            first.Mint(Subject, header: h => h["kid"] = "shared"), StsFixture.Resource + "/.default"))).Status);

        var forged = other.Mint(Subject, header: h => h["kid"] = "shared", payload: p => p["iss"] = first.Url);
        var (status, code, description) = await SendAsync(forged, identity.ClientId);

        Assert.Equal((400, 50027), (status, code));
        Assert.Contains($"does not verify with key 'shared' of issuer '{first.Url}'", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slow_issuer_is_cut_off_after_five_seconds()
    {
        await using var slow = await TestIssuer.StartAsync(fixture.Ca, "/slow");
        slow.ResponseDelay = TimeSpan.FromSeconds(8);
        var identity = await fixture.Server.CreateIdentityAsync(slow.Url, Subject);

        var (status, code, description) = await SendAsync(slow.Mint(Subject), identity.ClientId);

        Assert.Equal((400, 90061), (status, code));
        Assert.Contains("took longer than 5 seconds", description, StringComparison.Ordinal);
    }

    private static string KeySetWithKid(AsymmetricAlgorithm key, string kid)
    {
        var jwk = TestIssuer.PublicJwk(key);
        jwk["kid"] = kid;
        return new JsonObject { ["keys"] = new JsonArray(jwk) }.ToJsonString();
    }

    private static string Unsigned(TestIssuer issuer, string algorithm)
    {
        var parts = issuer.Mint(Subject, header: h => h["alg"] = algorithm).Split('.');
        return $"{parts[0]}.{parts[1]}.c2lnbmF0dXJl";
    }

    private static string HmacWithPublicKey(TestIssuer issuer)
    {
        var parts = issuer.Mint(Subject, header: h => h["alg"] = "HS256").Split('.');
        var secret = ((RSA)issuer.Keys[0]).ExportSubjectPublicKeyInfo();
        var mac = HMACSHA256.HashData(secret, System.Text.Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        return $"{parts[0]}.{parts[1]}.{System.Buffers.Text.Base64Url.EncodeToString(mac)}";
    }

    private static string Padded(string token)
    {
        var parts = token.Split('.');
        return $"{parts[0]}=.{parts[1]}.{parts[2]}";
    }

    private static string DuplicateSubject(TestIssuer issuer)
    {
        var parts = issuer.Mint(Subject).Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        var duplicated = payload.Replace("\"sub\":", "\"sub\":\"system:serviceaccount:kube-system:admin\",\"sub\":", StringComparison.Ordinal);
        return $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(duplicated))}.{parts[2]}";
    }
}
