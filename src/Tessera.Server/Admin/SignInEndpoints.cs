using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.Roles;
using Tessera.Domain.Rules;
using Tessera.Domain.SignIns;
using Tessera.Storage;

namespace Tessera.Server.Admin;

internal static class SignInEndpoints
{
    public const int MaxLimit = 1000;

    public static void MapSignInEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/sign-ins", async (string? identity, string? tenant, string? outcome, int? code, DateTimeOffset? from,
            DateTimeOffset? to, int? limit, AdminAccess access, IDirectoryStore store, CancellationToken ct) =>
        {
            CheckFilters(outcome, limit);
            var clientId = identity is null ? (Guid?)null : (await access.IdentityAsync(identity, tenant, ct)).ClientId;
            var tenants = await TenantFilterAsync(access, tenant, ct);
            var records = await store.QuerySignInsAsync(
                new SignInQuery(clientId, outcome, code, from, to, limit ?? 100, tenants), ct);
            return TypedResults.Ok(records.Select(ToResource));
        }).WithTags("Sign-in log").Needs(AdminPermission.Read)
            .WithSummary("Read the sign-in log, newest first, filtered by tenant, identity, outcome, code and time.");
    }

    /// <summary>The tenants a log query may return: the named one, else all (admin token) or the caller's
    /// own.</summary>
    internal static async Task<IReadOnlyList<Guid>?> TenantFilterAsync(
        AdminAccess access, string? tenant, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(tenant) && access.Caller.IsAdministrator)
        {
            return null;
        }

        return [(await access.TenantAsync(tenant, ct)).Id];
    }

    internal static void CheckLimit(int? limit)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw DirectoryException.Broken([new RuleViolation("limit", limit.ToString(), $"use 1-{MaxLimit}")]);
        }
    }

    private static void CheckFilters(string? outcome, int? limit)
    {
        var violations = new List<RuleViolation>();
        if (outcome is not null and not (SignInOutcomes.Success or SignInOutcomes.Failure))
        {
            violations.Add(new RuleViolation("outcome", outcome, "use 'success' or 'failure'"));
        }

        if (limit is < 1 or > MaxLimit)
        {
            violations.Add(new RuleViolation("limit", limit.ToString(), $"use 1-{MaxLimit}"));
        }

        if (violations.Count > 0)
        {
            throw DirectoryException.Broken(violations);
        }
    }

    private static SignInResource ToResource(SignInRecord r) => new(
        r.Id, r.Time, r.TenantId, r.ClientId, r.IdentityName, r.CredentialName, r.Issuer, r.Subject, r.Audience, r.Resource,
        r.Outcome, r.ErrorCode, r.ErrorDescription, r.CorrelationId, r.TraceId, r.TokenId, r.ClientAddress,
        r.DurationMilliseconds);
}
