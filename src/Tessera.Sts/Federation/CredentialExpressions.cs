using System.Runtime.CompilerServices;
using Tessera.Domain.FederatedCredentials;
using Tessera.Domain.FederatedCredentials.Expressions;

namespace Tessera.Sts.Federation;

/// <summary>
/// The parsed expression of a flexible credential, parsed once per credential instance: the directory cache hands
/// out the same instances until the directory changes, so a warm exchange parses nothing.
/// </summary>
public static class CredentialExpressions
{
    private static readonly ConditionalWeakTable<FederatedCredential, ClaimsExpression> s_parsed = [];

    /// <summary>The credential's expression; it was validated when the credential was created.</summary>
    public static ClaimsExpression Of(FederatedCredential credential) =>
        s_parsed.GetValue(credential, c => ClaimsExpression.Parse(c.ClaimsMatchingExpression
            ?? throw new ArgumentException($"Credential '{c.Name}' matches by subject, not by expression.",
                nameof(credential))));
}
