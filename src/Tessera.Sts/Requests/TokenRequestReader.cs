using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Tessera.Sts.Errors;

namespace Tessera.Sts.Requests;

/// <summary>
/// Turns the form of a token request into a <see cref="TokenRequest"/>, or the Entra error for what is missing
/// or wrong. Parameters the SDKs add for telemetry are accepted and ignored.
/// </summary>
public static class TokenRequestReader
{
    public const string GrantType = "client_credentials";
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public static bool TryRead(IFormCollection form, int version, out TokenRequest? request, out StsError? error)
    {
        request = null;
        if (Single(form, "grant_type", out var grantType) is { } grantError)
        {
            error = grantError;
            return false;
        }

        if (grantType != GrantType)
        {
            error = StsError.Of(70003,
                $"The grant type '{grantType}' is not supported; Tessera issues tokens only for " +
                $"grant_type={GrantType} with a client assertion.");
            return false;
        }

        error = ReadClientId(form, out var clientId);
        var resource = "";
        var assertion = "";
        if (error is null)
        {
            error = ReadResource(form, version, out resource);
        }

        if (error is null)
        {
            error = ReadAssertion(form, out assertion);
        }

        if (error is not null)
        {
            return false;
        }

        request = new TokenRequest(version, clientId, resource, assertion);
        return true;
    }

    private static StsError? ReadClientId(IFormCollection form, out Guid clientId)
    {
        clientId = Guid.Empty;
        if (Single(form, "client_id", out var text) is { } error)
        {
            return error;
        }

        return Guid.TryParse(text, out clientId)
            ? null
            : StsError.Of(700016,
                $"The client_id '{Shorten(text)}' is not a client ID; send the identity's client ID, a GUID such as " +
                "'00000000-0000-0000-0000-000000000000'.");
    }

    private static StsError? ReadResource(IFormCollection form, int version, out string resource)
    {
        resource = "";
        if (version == 2)
        {
            if (form.ContainsKey("resource"))
            {
                return StsError.Of(901002,
                    "The v2.0 token endpoint takes 'scope', not 'resource'. Send scope=RESOURCE/.default, or use the " +
                    "v1 endpoint /oauth2/token with resource=RESOURCE.");
            }

            if (Single(form, "scope", out var scope) is { } scopeError)
            {
                return scopeError;
            }

            return ScopeReader.TryRead(scope, out resource, out var error) ? null : error;
        }

        if (Single(form, "resource", out var v1Resource) is { } resourceError)
        {
            return resourceError;
        }

        resource = v1Resource;
        return null;
    }

    private static StsError? ReadAssertion(IFormCollection form, out string assertion)
    {
        assertion = "";
        if (!form.ContainsKey("client_assertion"))
        {
            var secret = form.ContainsKey("client_secret")
                ? " A client_secret was sent: Tessera has no client secrets, only federated credentials."
                : "";
            return StsError.Of(7000218,
                "The request has no 'client_assertion'. Send the workload's token as client_assertion with " +
                $"client_assertion_type={AssertionType}.{secret}");
        }

        if (Single(form, "client_assertion_type", out var type) is { } typeError)
        {
            return typeError;
        }

        if (type != AssertionType)
        {
            return StsError.Of(900144,
                $"The client_assertion_type '{Shorten(type)}' is not supported; send '{AssertionType}'.");
        }

        return Single(form, "client_assertion", out assertion);
    }

    /// <summary>Reads a parameter that must appear exactly once with a non-empty value.</summary>
    private static StsError? Single(IFormCollection form, string name, out string value)
    {
        value = "";
        if (!form.TryGetValue(name, out StringValues values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return StsError.Of(900144, $"The request body must contain the parameter '{name}'.");
        }

        if (values.Count > 1)
        {
            return StsError.Of(900144, $"The parameter '{name}' appears {values.Count} times; send it once.");
        }

        value = values[0]!;
        return null;
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..61] + "...";
}
