using Microsoft.AspNetCore.Builder;
using Tessera.Domain.Roles;

namespace Tessera.Server.Admin;

/// <summary>
/// Endpoint metadata naming the permission an admin route needs. Every admin route must carry one:
/// <see cref="AdminAccessFilter"/> refuses routes without it, so a new route is closed until it says who may use it.
/// </summary>
public sealed record AdminPermissionMetadata(AdminPermission Permission);

internal static class AdminPermissions
{
    /// <summary>Declares the permission the route needs (checked per tenant by <see cref="AdminAccess"/>).</summary>
    public static TBuilder Needs<TBuilder>(this TBuilder builder, AdminPermission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AdminPermissionMetadata(permission));
}
