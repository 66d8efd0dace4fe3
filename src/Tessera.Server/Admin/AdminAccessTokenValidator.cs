using System.Text.Json;
using Tessera.Domain.Roles;
using Tessera.Keys;
using Tessera.Storage;
using Tessera.Sts;
using Tessera.Tokens.Assertions;
using Tessera.Tokens.KeySets;
using Tessera.Tokens.Keys;

namespace Tessera.Server.Admin;

/// <summary>Who an access token for the admin API was issued to.</summary>
public sealed record AdminTokenSubject(Guid TenantId, Guid PrincipalId, Guid ClientId);

/// <summary>
/// Accepts access tokens that this server's STS issued for <see cref="TesseraRoles.AdminResource"/>: signed by one
/// of the STS's published keys (by kid, no fallback), issued by the STS for the tenant the token names (v1 or v2
/// issuer), for the admin audience, within their lifetime. The same strict parser and validator as for workload
/// tokens, so the same attacks are refused.
/// </summary>
public sealed class AdminAccessTokenValidator(SigningKeyRing keys, StsUrls urls, AssertionValidator validator)
{
    private static readonly string[] s_algorithms = ["RS256", "ES256"];
    private volatile KeySetSnapshot? _keySet;

    /// <summary>
    /// The token's subject, or throws <see cref="AssertionRejectedException"/> saying what was wrong.
    /// </summary>
    public async Task<AdminTokenSubject> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var parsed = AssertionParser.Parse(token, validator.Limits);
        if (!parsed.Audiences.Contains(TesseraRoles.AdminResource, StringComparer.Ordinal))
        {
            var audiences = string.Join("', '", parsed.Audiences);
            throw Rejected($"the access token is for '{audiences}', not for the admin API " +
                $"'{TesseraRoles.AdminResource}'; request the scope {TesseraRoles.AdminResource}/.default");
        }

        var tenantId = ReadGuid(parsed.Claims, "tid");
        if (parsed.Issuer != urls.Issuer(tenantId, 1) && parsed.Issuer != urls.Issuer(tenantId, 2))
        {
            throw Rejected($"the access token was issued by '{parsed.Issuer}', not by this server's STS for tenant " +
                $"'{tenantId}'");
        }

        validator.VerifySignature(parsed, await StsKeysAsync(cancellationToken), s_algorithms);
        validator.CheckTimes(parsed);
        var clientId = ReadGuid(parsed.Claims, parsed.Claims.TryGetProperty("azp", out _) ? "azp" : "appid");
        return new AdminTokenSubject(tenantId, ReadGuid(parsed.Claims, "oid"), clientId);
    }

    /// <summary>The STS's published keys as a key set, rebuilt only when they change.</summary>
    private async Task<IssuerKeySet> StsKeysAsync(CancellationToken cancellationToken)
    {
        var published = (await keys.GetAsync(KeyOwners.Sts, cancellationToken)).Published;
        var ids = string.Join(",", published.Select(k => k.KeyId));
        var snapshot = _keySet;
        if (snapshot is not null && snapshot.KeyIds == ids)
        {
            return snapshot.Keys;
        }

        var parsed = KeySetParser.Parse(JsonWebKeySetWriter.Write(published), KeySetPolicy.Default);
        _keySet = new KeySetSnapshot(ids, parsed);
        return parsed;
    }

    private static Guid ReadGuid(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && Guid.TryParse(value.GetString(), out var id)
            ? id
            : throw Rejected($"the access token has no '{name}' claim holding a GUID");

    private static AssertionRejectedException Rejected(string reason) => new(AssertionProblem.InvalidClaim, reason);

    private sealed record KeySetSnapshot(string KeyIds, IssuerKeySet Keys);
}
