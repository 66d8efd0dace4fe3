using Tessera.Sts.Errors;

namespace Tessera.Sts.Requests;

/// <summary>
/// Reads the v2 <c>scope</c> parameter of a client-credentials request: exactly one <c>RESOURCE/.default</c>.
/// OpenID Connect's own scopes are ignored, as Entra ignores them for this grant.
/// </summary>
public static class ScopeReader
{
    private const string DefaultSuffix = "/.default";

    private static readonly HashSet<string> s_ignored = new(StringComparer.Ordinal)
    {
        "openid", "profile", "offline_access", "email",
    };

    public static bool TryRead(string scope, out string resource, out StsError? error)
    {
        resource = "";
        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(s => !s_ignored.Contains(s)).ToList();
        if (scopes.Count == 0)
        {
            error = StsError.Of(70011,
                $"The scope '{scope}' names no resource. Request 'RESOURCE/.default', for example " +
                "'api://orders/.default'.");
            return false;
        }

        if (scopes.Count > 1)
        {
            error = scopes.All(s => s.EndsWith(DefaultSuffix, StringComparison.Ordinal))
                ? StsError.Of(700022,
                    $"The scope names {scopes.Count} resources ({string.Join(", ", scopes)}); a token is for one " +
                    "resource, so request one 'RESOURCE/.default' per call.")
                : StsError.Of(70011,
                    $"The scope '{scope}' is not valid for client credentials: give exactly one 'RESOURCE/.default'.");
            return false;
        }

        var only = scopes[0];
        if (!only.EndsWith(DefaultSuffix, StringComparison.Ordinal) || only.Length == DefaultSuffix.Length)
        {
            error = StsError.Of(70011,
                $"The scope '{only}' is not valid for client credentials: it must be the resource followed by " +
                $"'{DefaultSuffix}', for example '{only.TrimEnd('/')}{(only.Contains("/.default") ? "" : DefaultSuffix)}'.");
            return false;
        }

        resource = only[..^DefaultSuffix.Length];
        error = null;
        return true;
    }
}
