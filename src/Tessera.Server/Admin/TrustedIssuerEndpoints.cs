using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.FederatedCredentials;
using Tessera.Domain.Issuers;
using Tessera.Domain.Roles;
using Tessera.Domain.Rules;
using Tessera.Storage;

namespace Tessera.Server.Admin;

/// <summary>
/// Settings of external issuers (replay protection), which hold for every identity trusting the issuer, so changing
/// them needs the admin token, as uploading an issuer's key set does. The issuer is a URL, so it travels in the body
/// or the query string rather than the path.
/// </summary>
internal static class TrustedIssuerEndpoints
{
    public static void MapTrustedIssuerEndpoints(this RouteGroupBuilder admin)
    {
        var issuers = admin.MapGroup("/trusted-issuers").WithTags("Trusted issuers");

        issuers.MapGet("/", async (IDirectoryStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.ListTrustedIssuerSettingsAsync(ct)).Select(s => s.ToResource())))
            .WithSummary("List the external issuers with settings; others have replay protection off.")
            .Needs(AdminPermission.Read);

        issuers.MapPut("/", async (SetTrustedIssuerRequest request, AdminAccess access, IDirectoryStore store,
            FederatedCredentialPolicy policy, CancellationToken ct) =>
        {
            var violations = TrustedIssuerRules.Validate(request.Issuer, request.ReplayProtection, policy);
            if (violations.Count > 0)
            {
                throw DirectoryException.Broken(violations);
            }

            var before = await FindAsync(store, request.Issuer!, ct);
            var stored = (await store.SetTrustedIssuerSettingsAsync(request.Issuer!, request.ReplayProtection!.Value, ct))
                .ToResource();
            await access.AuditAsync(null, "trusted-issuer.set", Target(stored.Issuer), before, stored, ct);
            return TypedResults.Ok(stored);
        }).WithSummary("Set how the STS treats an external issuer's tokens: replay protection on or off " +
            "(admin token only: it holds for every tenant).")
            .ProducesValidationProblem()
            .Needs(AdminPermission.ManageServer);

        issuers.MapDelete("/", async (string? issuer, AdminAccess access, IDirectoryStore store, CancellationToken ct) =>
        {
            if (string.IsNullOrEmpty(issuer))
            {
                throw DirectoryException.Broken([new RuleViolation("issuer", null,
                    "name the issuer whose settings to delete: ?issuer=URL")]);
            }

            var before = await FindAsync(store, issuer, ct);
            await store.DeleteTrustedIssuerSettingsAsync(issuer, ct);
            await access.AuditAsync(null, "trusted-issuer.delete", Target(issuer), before, null, ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete an issuer's settings; it gets the defaults again (admin token only).")
            .Needs(AdminPermission.ManageServer);
    }

    private static string Target(string issuer) => $"/admin/trusted-issuers?issuer={Uri.EscapeDataString(issuer)}";

    private static async Task<TrustedIssuerResource?> FindAsync(IDirectoryStore store, string issuer, CancellationToken ct) =>
        (await store.ListTrustedIssuerSettingsAsync(ct)).FirstOrDefault(s => s.Issuer == issuer)?.ToResource();
}
