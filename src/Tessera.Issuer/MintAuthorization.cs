using System.Security.Claims;
using Tessera.Domain.Access;
using Tessera.Domain.ServiceAccounts;

namespace Tessera.Issuer;

/// <summary>Decides whether an authenticated caller may mint a token for a given issuer and service account.</summary>
public static class MintAuthorization
{
    public static bool Allows(ClaimsPrincipal caller, string issuer, ServiceAccount account)
    {
        if (caller.HasClaim(AccessClaims.Role, AccessClaims.AdminRole))
        {
            return true;
        }

        var exact = AccessClaims.Grant(issuer, account.ToString());
        var wholeNamespace = AccessClaims.Grant(issuer, $"{account.Namespace}/*");
        return caller.FindAll(AccessClaims.MintGrant).Any(c => c.Value == exact || c.Value == wholeNamespace);
    }
}
