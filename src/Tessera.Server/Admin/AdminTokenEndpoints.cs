using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.Roles;
using Tessera.Storage;

namespace Tessera.Server.Admin;

internal static class AdminTokenEndpoints
{
    public static void MapAdminTokenEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/admin-token", async (AdminAccess access, IDirectoryStore store, CancellationToken ct) =>
        {
            var token = BearerSecrets.Generate(BearerSecrets.AdminPrefix);
            await store.SetSettingAsync(BearerSecrets.AdminHashSetting, BearerSecrets.Hash(token), ct);
            await access.AuditAsync(null, "admin-token.rotate", "/admin/admin-token", null, null, ct);
            return TypedResults.Ok(new AdminTokenResource(token));
        }).WithTags("Server").Needs(AdminPermission.ManageServer).WithSummary(
            "Replace the admin token at once; the new one is shown once and the old one stops working.");
    }
}
