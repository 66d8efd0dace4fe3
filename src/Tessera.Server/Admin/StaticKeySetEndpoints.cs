using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Client.Contracts;
using Tessera.Domain.FederatedCredentials;
using Tessera.Domain.Issuers;
using Tessera.Domain.Roles;
using Tessera.Domain.Rules;
using Tessera.Storage;
using Tessera.Sts;
using Tessera.Tokens.KeySets;

namespace Tessera.Server.Admin;

/// <summary>
/// Key sets uploaded for external issuers the STS cannot reach, such as a private cluster's API server. The issuer
/// is a URL, so it travels in the body or the query string rather than the path.
/// </summary>
internal static class StaticKeySetEndpoints
{
    public static void MapStaticKeySetEndpoints(this RouteGroupBuilder admin)
    {
        var sets = admin.MapGroup("/static-key-sets").WithTags("Static key sets");

        sets.MapGet("/", async (IDirectoryStore store, StsOptions options, CancellationToken ct) =>
            TypedResults.Ok((await store.ListStaticKeySetsAsync(ct)).Select(s => Describe(s, options))))
            .WithSummary("List the key sets uploaded for issuers that are not fetched.").Needs(AdminPermission.Read);

        sets.MapPut("/", async (SetStaticKeySetRequest request, AdminAccess access, IDirectoryStore store,
            StsOptions options, StsUrls urls, CancellationToken ct) =>
        {
            var (issuer, jwks, keys) = Check(request, options, urls);
            var before = await FindAsync(store, issuer, options, ct);
            var stored = ToResource(await store.SetStaticKeySetAsync(issuer, jwks, ct), keys);
            await access.AuditAsync(null, "static-key-set.set", Target(issuer), before, stored, ct);
            return TypedResults.Ok(stored);
        }).WithSummary("Upload (or replace) the key set of an issuer; the STS then uses it instead of fetching " +
            "(admin token only: it decides which tokens every tenant trusts).")
            .ProducesValidationProblem()
            .Needs(AdminPermission.ManageServer);

        sets.MapDelete("/", async (string? issuer, AdminAccess access, IDirectoryStore store, StsOptions options,
            CancellationToken ct) =>
        {
            if (string.IsNullOrEmpty(issuer))
            {
                throw DirectoryException.Broken([new RuleViolation("issuer", null,
                    "name the issuer whose uploaded key set to delete: ?issuer=URL")]);
            }

            var before = await FindAsync(store, issuer, options, ct);
            await store.DeleteStaticKeySetAsync(issuer, ct);
            await access.AuditAsync(null, "static-key-set.delete", Target(issuer), before, null, ct);
            return TypedResults.NoContent();
        }).WithSummary("Delete an uploaded key set; the STS fetches that issuer's keys again (admin token only).")
            .Needs(AdminPermission.ManageServer);
    }

    private static string Target(string issuer) => $"/admin/static-key-sets?issuer={Uri.EscapeDataString(issuer)}";

    private static async Task<StaticKeySetResource?> FindAsync(
        IDirectoryStore store, string issuer, StsOptions options, CancellationToken ct) =>
        (await store.ListStaticKeySetsAsync(ct)).FirstOrDefault(s => s.Issuer == issuer) is { } set
            ? Describe(set, options)
            : null;

    private static (string Issuer, string Jwks, IssuerKeySet Keys) Check(
        SetStaticKeySetRequest request, StsOptions options, StsUrls urls)
    {
        var violations = new List<RuleViolation>();
        var issuer = request.Issuer;
        if (string.IsNullOrEmpty(issuer))
        {
            violations.Add(new RuleViolation("issuer", null, "give the issuer URL exactly as in its tokens' 'iss' claim"));
        }
        else if (issuer.Length > FederatedCredentialRules.MaxValueLength)
        {
            violations.Add(new RuleViolation("issuer", issuer,
                $"use at most {FederatedCredentialRules.MaxValueLength} characters"));
        }
        else if (IssuerUrlRule.Problem(issuer) is { } problem)
        {
            violations.Add(new RuleViolation("issuer", issuer, problem));
        }
        else if (issuer.StartsWith(urls.Origin + "/", StringComparison.OrdinalIgnoreCase))
        {
            // Tessera's own issuers rotate their keys by themselves; a frozen copy would refuse their next key.
            violations.Add(new RuleViolation("issuer", issuer,
                "it is served by this Tessera, which knows its keys; upload key sets only for issuers it cannot reach"));
        }

        var (jwks, keys) = CheckKeySet(request.Jwks, options, violations);
        return violations.Count > 0 ? throw DirectoryException.Broken(violations) : (issuer!, jwks!, keys!);
    }

    private static (string? Jwks, IssuerKeySet? Keys) CheckKeySet(
        JsonElement? element, StsOptions options, List<RuleViolation> violations)
    {
        if (element is not { ValueKind: JsonValueKind.Object } set)
        {
            const string expected = "give the issuer's JWKS document, a JSON object with a 'keys' array (for a " +
                "Kubernetes API server: kubectl get --raw /openid/v1/jwks)";
            violations.Add(element is null or { ValueKind: JsonValueKind.Null }
                ? new RuleViolation("jwks", null, expected)
                : KeySetProblem(expected));
            return (null, null);
        }

        var jwks = set.GetRawText();
        if (Encoding.UTF8.GetByteCount(jwks) > options.IssuerFetch.MaxDocumentBytes)
        {
            violations.Add(KeySetProblem($"a key set may have at most {options.IssuerFetch.MaxDocumentBytes} bytes"));
            return (null, null);
        }

        try
        {
            var keys = Parse(jwks, options);
            if (keys.Keys.Count == 0)
            {
                var refused = keys.RefusedKeys.Count > 0
                    ? "every key was refused: " + string.Join("; ", keys.RefusedKeys.Select(k => $"'{k.Key}': {k.Value}"))
                    : set.TryGetProperty("keys", out var listed) && listed.ValueKind == JsonValueKind.Array
                        && listed.GetArrayLength() == 0
                        ? "its 'keys' array is empty"
                        : "it has no key with a 'kid'";
                violations.Add(KeySetProblem($"the key set must hold at least one usable signing key, and {refused}"));
                return (null, null);
            }

            return (jwks, keys);
        }
        catch (KeySetRejectedException ex)
        {
            violations.Add(KeySetProblem(ex.Message.TrimEnd('.')));
            return (null, null);
        }
    }

    /// <summary>What is wrong with a key set that was given (not "missing", which the default sentence says).</summary>
    private static RuleViolation KeySetProblem(string rule) => new("jwks", null, rule, $"jwks: {rule}.");

    private static IssuerKeySet Parse(string jwks, StsOptions options) =>
        KeySetParser.Parse(Encoding.UTF8.GetBytes(jwks), options.KeySets);

    /// <summary>A stored set as it reads under today's key policy, which may be stricter than at upload.</summary>
    private static StaticKeySetResource Describe(StaticKeySet set, StsOptions options)
    {
        try
        {
            return ToResource(set, Parse(set.Jwks, options));
        }
        catch (KeySetRejectedException ex)
        {
            return new StaticKeySetResource(set.Issuer, set.UpdatedAt, [],
                new Dictionary<string, string> { ["*"] = ex.Message });
        }
    }

    private static StaticKeySetResource ToResource(StaticKeySet set, IssuerKeySet keys) =>
        new(set.Issuer, set.UpdatedAt, [.. keys.Keys.Keys.Order(StringComparer.Ordinal)], keys.RefusedKeys);
}
