using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.Audit;
using Tessera.Domain.Roles;
using Tessera.Storage;

namespace Tessera.Server.Admin;

internal static class AuditEndpoints
{
    public static void MapAuditEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/audit", async (string? tenant, string? actor, string? action, DateTimeOffset? from,
            DateTimeOffset? to, int? limit, AdminAccess access, IAuditStore store, CancellationToken ct) =>
        {
            SignInEndpoints.CheckLimit(limit);
            var tenants = await SignInEndpoints.TenantFilterAsync(access, tenant, ct);
            var query = new AuditQuery(tenants, actor, action, from, to, limit ?? 100);
            var records = await store.QueryAuditAsync(query, ct);
            return TypedResults.Ok(records.Select(ToResource));
        }).WithTags("Audit log").Needs(AdminPermission.Read)
            .WithSummary(
                "Read the audit log of admin changes, newest first, filtered by tenant, actor, action and time.");
    }

    private static AuditResource ToResource(AuditRecord r) => new(r.Id, r.Time, r.TenantId, r.Actor, r.Action, r.Target,
        Parse(r.Before), Parse(r.After), r.CorrelationId, r.TraceId);

    private static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
