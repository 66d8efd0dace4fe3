namespace Tessera.Domain.Issuers;

/// <summary>What makes a string usable as an external issuer's URL, wherever an administrator types one.</summary>
public static class IssuerUrlRule
{
    /// <summary>Why <paramref name="issuer"/> cannot be an issuer URL, or null when it can.</summary>
    public static string? Problem(string issuer)
    {
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            return "use the issuer's https URL exactly as it appears in the 'iss' claim of its tokens";
        }

        return !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo)
            ? "an issuer URL has no query, fragment or user information"
            : null;
    }
}
