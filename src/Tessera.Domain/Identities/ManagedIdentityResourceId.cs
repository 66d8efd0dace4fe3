namespace Tessera.Domain.Identities;

/// <summary>
/// Builds the ARM-style resource ID Azure gives user-assigned managed identities. Tessera has no subscriptions,
/// so the tenant ID stands in for the subscription and a fixed resource group is used; the shape is what matters
/// to code that parses <c>xms_mirid</c>.
/// </summary>
public static class ManagedIdentityResourceId
{
    public const string ResourceGroup = "tessera";

    public static string For(Guid tenantId, string name) =>
        $"/subscriptions/{tenantId:D}/resourcegroups/{ResourceGroup}/providers/" +
        $"Microsoft.ManagedIdentity/userAssignedIdentities/{name}";
}
