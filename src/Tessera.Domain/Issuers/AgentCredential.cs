using System.Diagnostics.CodeAnalysis;
using Tessera.Domain.ServiceAccounts;

namespace Tessera.Domain.Issuers;

/// <summary>
/// The right of one agent (a machine running <c>tessera run</c>) to have a hosted issuer mint tokens for one
/// service account, or for every account of a namespace (<c>NAMESPACE/*</c>). The agent presents a secret of which
/// the directory keeps only a hash.
/// </summary>
public sealed record AgentCredential(Guid Id, string Issuer, string ServiceAccounts, DateTimeOffset CreatedAt)
{
    /// <summary>Parses <c>NAMESPACE/NAME</c> or <c>NAMESPACE/*</c>.</summary>
    public static bool TryParseScope(string? text, [NotNullWhen(false)] out string? error)
    {
        if (text is not null && text.EndsWith("/*", StringComparison.Ordinal))
        {
            return ServiceAccount.TryParse(text[..^2] + "/any", out _, out error);
        }

        return ServiceAccount.TryParse(text, out _, out error);
    }
}
