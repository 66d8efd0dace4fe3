using Tessera.Domain.FederatedCredentials;
using Tessera.Domain.Rules;

namespace Tessera.Domain.Issuers;

/// <summary>What trusted issuer settings must satisfy: an issuer a federated credential could name, and a choice.</summary>
public static class TrustedIssuerRules
{
    public static IReadOnlyList<RuleViolation> Validate(
        string? issuer, bool? replayProtection, FederatedCredentialPolicy policy)
    {
        var violations = new List<RuleViolation>(FederatedCredentialRules.ValidateIssuer(issuer, policy));
        if (replayProtection is null)
        {
            violations.Add(new RuleViolation("replayProtection", null,
                "say true (each assertion is accepted once) or false (assertions may be reused until they expire)"));
        }

        return violations;
    }
}
