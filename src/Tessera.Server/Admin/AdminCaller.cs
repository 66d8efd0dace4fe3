using System.Security.Claims;
using Tessera.Domain.Access;
using Tessera.Domain.Roles;

namespace Tessera.Server.Admin;

/// <summary>
/// Who is calling the admin API: the holder of the admin token (everything, every tenant), or an identity signed in
/// with a Tessera access token, holding Tessera roles on its own tenant only.
/// </summary>
/// <param name="Name">How the audit log names the caller.</param>
/// <param name="TenantId">The identity's tenant; null for the admin token.</param>
public sealed record AdminCaller(string Name, bool IsAdministrator, Guid? TenantId, IReadOnlyList<string> Roles)
{
    /// <summary>Claim type of a Tessera role an identity holds on <see cref="TenantClaim"/>.</summary>
    public const string RoleClaim = "tessera:tenant-role";

    public const string TenantClaim = "tessera:tenant";

    public static AdminCaller From(ClaimsPrincipal user)
    {
        var name = user.FindFirstValue(ClaimTypes.Name) ?? "unknown";
        if (user.HasClaim(AccessClaims.Role, AccessClaims.AdminRole))
        {
            return new AdminCaller(name, true, null, []);
        }

        var tenant = Guid.TryParse(user.FindFirstValue(TenantClaim), out var id) ? id : (Guid?)null;
        return new AdminCaller(name, false, tenant, [.. user.FindAll(RoleClaim).Select(c => c.Value)]);
    }

    /// <summary>Whether the caller may do <paramref name="permission"/> in <paramref name="tenantId"/>.</summary>
    public bool May(AdminPermission permission, Guid tenantId) =>
        IsAdministrator || (TenantId == tenantId && MayAnywhere(permission));

    /// <summary>Whether the caller may do <paramref name="permission"/> in some tenant.</summary>
    public bool MayAnywhere(AdminPermission permission) =>
        IsAdministrator || Roles.Any(role => TesseraRoles.Grants(role, permission));

    /// <summary>The tenants whose records the caller may read; null for all.</summary>
    public IReadOnlyList<Guid>? ReadableTenants => IsAdministrator ? null : TenantId is { } id ? [id] : [];
}
