using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Tessera.Tokens.Assertions;
using Tessera.Tokens.Jwt;
using Tessera.Tokens.KeySets;

namespace Tessera.Tokens.Tests;

/// <summary>
/// Random and half-valid input for the assertion and key-set parsers, bounded in time: whatever comes in, the only
/// way out is a result or the parser's own refusal, never another exception or a hang.
/// </summary>
public sealed class FuzzTests
{
    private const int Seconds = 5;

    private static readonly Gen<JsonNode?> s_value = Gen.OneOf<JsonNode?>(
        Gen.String.Select(s => (JsonNode?)s),
        Gen.Long.Select(l => (JsonNode?)l),
        Gen.Double.Select(d => double.IsFinite(d) ? (JsonNode?)d : 0),
        Gen.Bool.Select(b => (JsonNode?)b),
        Gen.Const(() => (JsonNode?)null),
        Gen.Const(() => (JsonNode?)new JsonArray()),
        Gen.String.Array[0, 3].Select(a => (JsonNode?)new JsonArray([.. a.Select(x => (JsonNode?)x)])),
        Gen.Const(() => (JsonNode?)new JsonObject { ["nested"] = new JsonObject { ["deeper"] = 1 } }));

    private static readonly Gen<string> s_name = Gen.OneOf(
        Gen.OneOf("alg", "kid", "typ", "jku", "x5c", "crit", "iss", "sub", "aud", "exp", "iat", "nbf", "jti"),
        Gen.String[0, 8]);

    private static readonly Gen<JsonObject> s_object = Gen.Select(s_name, s_value).Array[0, 8].Select(members =>
    {
        var json = new JsonObject();
        foreach (var (name, value) in members)
        {
            json[name] = value?.DeepClone();
        }

        return json;
    });

    private static readonly Gen<string> s_segment = Gen.OneOf(
        s_object.Select(o => Base64UrlText.Encode(Encoding.UTF8.GetBytes(o.ToJsonString()))),
        Gen.Byte.Array[0, 64].Select(b => Base64UrlText.Encode(b)),
        Gen.String[0, 40]);

    private static readonly Gen<string> s_token = Gen.OneOf(
        Gen.Select(s_segment, s_segment, s_segment).Select((h, p, s) => $"{h}.{p}.{s}"),
        s_segment.Array[0, 7].Select(parts => string.Join('.', parts)),
        Gen.String);

    [Fact]
    public void Assertion_parser_only_ever_parses_or_refuses()
    {
        s_token.Sample(token =>
        {
            try
            {
                AssertionParser.Parse(token, AssertionLimits.Default);
            }
            catch (AssertionRejectedException)
            {
                // The one expected way to say no.
            }
        }, iter: 1_000_000, time: Seconds);
    }

    [Fact]
    public void Key_set_parser_only_ever_parses_or_refuses()
    {
        var keySets = Gen.OneOf(
            s_object.Array[0, 4].Select(keys => new JsonObject { ["keys"] = new JsonArray([.. keys]) }.ToJsonString()),
            s_object.Select(o => o.ToJsonString()),
            Gen.String);

        keySets.Sample(json =>
        {
            try
            {
                KeySetParser.Parse(Encoding.UTF8.GetBytes(json), KeySetPolicy.Default);
            }
            catch (KeySetRejectedException)
            {
                // The one expected way to say no.
            }
        }, iter: 1_000_000, time: Seconds);
    }
}
