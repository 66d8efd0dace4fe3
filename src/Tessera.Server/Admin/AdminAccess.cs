using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Domain.Identities;
using Tessera.Domain.Roles;
using Tessera.Domain.Tenants;

namespace Tessera.Server.Admin;

/// <summary>
/// One admin request's caller and the permission its route needs. Every tenant or identity a route touches is
/// resolved through here, which checks the caller may do that in the object's tenant; a role holder's default
/// tenant is its own. Bound as an endpoint parameter.
/// </summary>
public sealed class AdminAccess
{
    private const string CorrelationItem = "tessera.correlation-id";

    private readonly HttpContext _context;
    private readonly DirectoryLookup _lookup;

    private AdminAccess(HttpContext context, AdminCaller caller, AdminPermission permission)
    {
        _context = context;
        _lookup = context.RequestServices.GetRequiredService<DirectoryLookup>();
        Caller = caller;
        Permission = permission;
    }

    public AdminCaller Caller { get; }

    public AdminPermission Permission { get; }

    /// <summary>The request's correlation ID: the client's <c>client-request-id</c> when it is a GUID, else
    /// new.</summary>
    public string CorrelationId => CorrelationIdOf(_context);

    public string? TraceId => Activity.Current?.TraceId.ToString();

    public static ValueTask<AdminAccess?> BindAsync(HttpContext context)
    {
        var permission = context.GetEndpoint()?.Metadata.GetMetadata<AdminPermissionMetadata>()?.Permission
            ?? throw new InvalidOperationException("An admin route declares no permission.");
        return ValueTask.FromResult<AdminAccess?>(new AdminAccess(context, AdminCaller.From(context.User), permission));
    }

    /// <summary>The named tenant (the caller's own, or the server's default, when none is named), if the caller
    /// may act in it.</summary>
    public async Task<Tenant> TenantAsync(string? reference, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(reference) && !Caller.IsAdministrator && Caller.TenantId is { } own)
        {
            reference = own.ToString();
        }

        var tenant = await _lookup.TenantAsync(reference, cancellationToken);
        Demand(tenant.Id);
        return tenant;
    }

    /// <summary>An identity by client ID or by name (in the named tenant), if the caller may act in its
    /// tenant.</summary>
    public async Task<Identity> IdentityAsync(
        string reference, string? tenantReference, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(reference, out _))
        {
            var identity = await _lookup.IdentityAsync(reference, null, cancellationToken);
            Demand(identity.TenantId);
            return identity;
        }

        var tenant = await TenantAsync(tenantReference, cancellationToken);
        return await _lookup.IdentityAsync(reference, tenant.Id.ToString(), cancellationToken);
    }

    /// <summary>Refuses unless the caller may do this route's operation in <paramref name="tenantId"/>.</summary>
    public void Demand(Guid tenantId)
    {
        if (!Caller.May(Permission, tenantId))
        {
            var elsewhere = Caller.TenantId is { } own && own != tenantId
                ? $", and its roles are on tenant '{own}' only"
                : "";
            throw new AdminAccessDeniedException($"{Caller.Name} may not {Describe(Permission)} in tenant " +
                $"'{tenantId}': that needs {Needed(Permission)} there{elsewhere}.");
        }
    }

    /// <summary>Writes the change to the audit log.</summary>
    public Task AuditAsync(Guid? tenantId, string action, string target, object? before, object? after,
        CancellationToken cancellationToken) =>
        _context.RequestServices.GetRequiredService<AuditTrail>()
            .RecordAsync(this, tenantId, action, target, before, after, cancellationToken);

    internal static string CorrelationIdOf(HttpContext context)
    {
        if (context.Items[CorrelationItem] is string known)
        {
            return known;
        }

        var sent = context.Request.Headers["client-request-id"].FirstOrDefault()
            ?? context.Request.Headers["x-correlation-id"].FirstOrDefault();
        var id = Guid.TryParse(sent, out var parsed) ? parsed.ToString() : Guid.NewGuid().ToString();
        context.Items[CorrelationItem] = id;
        return id;
    }

    internal static string Describe(AdminPermission permission) => permission switch
    {
        AdminPermission.Read => "read the directory",
        AdminPermission.ManageCredentials => "change federated credentials",
        AdminPermission.ManageTenant => "change identities, app roles or role assignments",
        _ => "change server-wide settings (tenants, hosted issuers, agent credentials, the admin token)",
    };

    internal static string Needed(AdminPermission permission) => permission switch
    {
        AdminPermission.Read => $"one of the roles {TesseraRoles.Reader}, {TesseraRoles.CredentialAdministrator} or " +
            TesseraRoles.Owner,
        AdminPermission.ManageCredentials => $"the role {TesseraRoles.CredentialAdministrator} or {TesseraRoles.Owner}",
        AdminPermission.ManageTenant => $"the role {TesseraRoles.Owner}",
        _ => "the admin token",
    };
}
