namespace Tessera.Domain.Roles;

/// <summary>What a caller of the admin API may do within a tenant.</summary>
public enum AdminPermission
{
    /// <summary>Read the tenant's identities, credentials, role assignments and logs.</summary>
    Read,

    /// <summary>Create and delete federated credentials.</summary>
    ManageCredentials,

    /// <summary>Everything within the tenant: identities, app roles, role assignments.</summary>
    ManageTenant,

    /// <summary>What no tenant role grants: tenants, hosted issuers, agent credentials, the admin token.</summary>
    ManageServer,
}

/// <summary>
/// The roles an identity can hold on a tenant to administer it, and the resource identifier access tokens for the
/// admin API are requested for. Role assignments of these roles have <see cref="AdminResource"/> as their resource.
/// </summary>
public static class TesseraRoles
{
    /// <summary>
    /// The audience of access tokens the admin API accepts; request the scope <c>api://tessera-admin/.default</c>.
    /// </summary>
    public const string AdminResource = "api://tessera-admin";

    public const string Reader = "Reader";

    public const string CredentialAdministrator = "Credential Administrator";

    public const string Owner = "Owner";

    public static IReadOnlyList<string> All { get; } = [Reader, CredentialAdministrator, Owner];

    /// <summary>Whether <paramref name="role"/> grants <paramref name="permission"/> within its tenant.</summary>
    public static bool Grants(string role, AdminPermission permission) => (role, permission) switch
    {
        (_, AdminPermission.ManageServer) => false,
        (Owner, _) => true,
        (CredentialAdministrator, AdminPermission.Read or AdminPermission.ManageCredentials) => true,
        (Reader, AdminPermission.Read) => true,
        _ => false,
    };

    /// <summary>The built-in role spelt <paramref name="text"/>, ignoring case; null when it is none.</summary>
    public static string? Find(string text) =>
        All.FirstOrDefault(r => string.Equals(r, text, StringComparison.OrdinalIgnoreCase));
}
