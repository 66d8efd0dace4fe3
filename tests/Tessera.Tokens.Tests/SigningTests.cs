using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Tessera.Tokens.Assertions;
using Tessera.Tokens.Jwt;
using Tessera.Tokens.Keys;
using Tessera.Tokens.KeySets;

namespace Tessera.Tokens.Tests;

public sealed class SigningTests
{
    [Fact]
    public void Published_key_set_has_only_public_members_and_verifies_what_the_key_signs()
    {
        using var key = SigningKey.CreateRsa();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var token = TokenWriter.Write(key, new Dictionary<string, object>
        {
            ["iss"] = "https://issuer.example",
            ["sub"] = "s",
            ["aud"] = "a",
            ["iat"] = now,
            ["exp"] = now + 600,
        });

        var jwks = JsonWebKeySetWriter.Write([key]);
        using var document = JsonDocument.Parse(jwks);
        var published = document.RootElement.GetProperty("keys")[0];
        var members = published.EnumerateObject().Select(m => m.Name).Order().ToArray();
        var set = KeySetParser.Parse(jwks, KeySetPolicy.Default);
        var validator = new AssertionValidator(new FakeTimeProvider(DateTimeOffset.UtcNow), AssertionLimits.Default);

        Assert.Equal(["alg", "e", "kid", "kty", "n", "use"], members);
        Assert.Equal("sig", published.GetProperty("use").GetString());
        validator.VerifySignature(AssertionParser.Parse(token, AssertionLimits.Default), set, ["RS256"]);
    }

    [Fact]
    public void Token_header_names_algorithm_kid_and_type()
    {
        using var key = SigningKey.CreateRsa();

        var token = TokenWriter.Write(key, new Dictionary<string, object> { ["sub"] = "s" });

        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[0])));
        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal(key.KeyId, header.RootElement.GetProperty("kid").GetString());
        Assert.Equal("JWT", header.RootElement.GetProperty("typ").GetString());
    }

    [Fact]
    public void Certificate_backed_key_adds_x5t_and_publishes_x5c()
    {
        using var key = SigningKey.CreateWithCertificate("RS256", "sts", DateTimeOffset.UtcNow, TimeSpan.FromDays(30));

        var token = TokenWriter.Write(key, new Dictionary<string, object> { ["sub"] = "s" });
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[0])));
        using var jwks = JsonDocument.Parse(JsonWebKeySetWriter.Write([key]));
        var published = jwks.RootElement.GetProperty("keys")[0];

        Assert.Equal(key.KeyId, header.RootElement.GetProperty("x5t").GetString());
        Assert.Equal(key.KeyId, published.GetProperty("x5t").GetString());
        Assert.Equal(Convert.ToBase64String(key.Certificate!.RawData), published.GetProperty("x5c")[0].GetString());
    }

    [Fact]
    public void Key_survives_export_and_import_with_the_same_kid()
    {
        using var key = SigningKey.CreateWithCertificate("RS256", "sts", DateTimeOffset.UtcNow, TimeSpan.FromDays(30));

        using var restored = SigningKey.Import("RS256", key.ExportPkcs8(), key.Certificate!.RawData);

        Assert.Equal(key.KeyId, restored.KeyId);
    }

    [Fact]
    public void Nested_claims_keep_their_structure()
    {
        using var key = SigningKey.CreateRsa();

        var token = TokenWriter.Write(key, new Dictionary<string, object>
        {
            ["kubernetes.io"] = new Dictionary<string, object>
            {
                ["namespace"] = "prod",
                ["serviceaccount"] = new Dictionary<string, object> { ["name"] = "orders", ["uid"] = "u-1" },
            },
            ["aud"] = new[] { "a", "b" },
        });
        using var payload = JsonDocument.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1])));
        var kubernetes = payload.RootElement.GetProperty("kubernetes.io");

        Assert.Equal("prod", kubernetes.GetProperty("namespace").GetString());
        Assert.Equal("u-1", kubernetes.GetProperty("serviceaccount").GetProperty("uid").GetString());
        Assert.Equal(JsonValueKind.Array, payload.RootElement.GetProperty("aud").ValueKind);
    }
}
