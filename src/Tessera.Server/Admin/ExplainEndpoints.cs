using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.Roles;
using Tessera.Domain.Rules;
using Tessera.Sts.Explain;

namespace Tessera.Server.Admin;

internal static class ExplainEndpoints
{
    public static void MapExplainEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/explain", async (ExplainRequest request, AdminAccess access, AssertionExplainer explainer,
            CancellationToken ct) =>
        {
            if (string.IsNullOrEmpty(request.Assertion))
            {
                throw DirectoryException.Broken([new RuleViolation("assertion", null, "send the workload token to explain")]);
            }

            var tenant = await access.TenantAsync(request.Tenant, ct);
            var identity = request.Identity is null
                ? null
                : await access.IdentityAsync(request.Identity, request.Tenant, ct);
            var explanation = await explainer.ExplainAsync(request.Assertion, identity, identity?.TenantId ?? tenant.Id, ct);
            return TypedResults.Ok(new ExplanationResource(explanation.WouldSucceed, explanation.ClientId,
                explanation.CredentialName, [.. explanation.Steps.Select(s => new ExplanationStepResource(s.Check, s.Passed, s.Detail))]));
        }).WithTags("Diagnostics").WithSummary(
            "Explain, check by check, whether a workload token would be accepted and against which federated " +
            "credential.")
            .Needs(AdminPermission.Read);
    }
}
