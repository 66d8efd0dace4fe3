using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Tessera.Domain.ServiceAccounts;
using Tessera.Keys;
using Tessera.Storage;
using Tessera.Tokens.Jwt;

namespace Tessera.Issuer;

/// <summary>
/// Mints service-account tokens the way Kubernetes' token issuer does: the same claims, header and lifetime rules,
/// so anything that accepts a cluster's tokens accepts these.
/// </summary>
public sealed partial class WorkloadTokenMinter(
    IDirectoryStore store,
    SigningKeyRing keys,
    IssuerUrls urls,
    IssuerOptions options,
    TimeProvider time,
    ILogger<WorkloadTokenMinter> logger)
{
    public const int MaxAudiences = 10;

    public async Task<MintedWorkloadToken> MintAsync(
        string issuerName, WorkloadTokenRequest request, CancellationToken cancellationToken)
    {
        if (await store.FindIssuerAsync(issuerName, cancellationToken) is null)
        {
            throw new WorkloadTokenException(
                $"No hosted issuer is named '{issuerName}'; list them with 'tessera issuer list'.", notFound: true);
        }

        var lifetime = ChooseLifetime(request.Lifetime);
        var audiences = CheckAudiences(request.Audiences);
        var signingKeys = await keys.GetAsync(KeyOwners.Issuer(issuerName), cancellationToken);
        var key = signingKeys.Active ?? throw new InvalidOperationException(
            $"Issuer '{issuerName}' has no active signing key.");

        var now = time.GetUtcNow();
        var expires = now + lifetime;
        var issuer = urls.Issuer(issuerName);
        var claims = new Dictionary<string, object>
        {
            ["aud"] = audiences,
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = KubernetesClaim(issuer, request),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["sub"] = request.ServiceAccount.Subject,
        };

        var token = TokenWriter.Write(key, claims);
        LogMinted(logger, issuerName, request.ServiceAccount.ToString(), (int)lifetime.TotalSeconds, key.KeyId);
        return new MintedWorkloadToken(token, DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()),
            DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>
    /// A stable UID for a service account of an issuer. Tessera keeps no service-account objects, so the UID is
    /// derived from the names: the same account always gets the same UID, and a renamed one a different UID.
    /// </summary>
    public static string ServiceAccountUid(string issuer, ServiceAccount account)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{issuer}\n{account.Namespace}\n{account.Name}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8: custom, name-based.
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant.
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    private TimeSpan ChooseLifetime(TimeSpan? requested)
    {
        var lifetime = requested ?? IssuerOptions.DefaultLifetime;
        if (lifetime < IssuerOptions.MinLifetime)
        {
            throw new WorkloadTokenException(
                $"A lifetime of {(int)lifetime.TotalSeconds} seconds was requested; the minimum is " +
                $"{(int)IssuerOptions.MinLifetime.TotalSeconds} seconds.");
        }

        return lifetime > options.MaxLifetime ? options.MaxLifetime : lifetime;
    }

    private static string[] CheckAudiences(IReadOnlyList<string> audiences)
    {
        if (audiences.Count is 0 or > MaxAudiences)
        {
            throw new WorkloadTokenException(
                $"Give 1-{MaxAudiences} audiences (received {audiences.Count}); federation with Tessera's STS uses " +
                "'api://AzureADTokenExchange'.");
        }

        var blank = audiences.FirstOrDefault(a => string.IsNullOrWhiteSpace(a) || a.Length > 600);
        if (blank is not null)
        {
            throw new WorkloadTokenException("Every audience must be 1-600 characters and not blank.");
        }

        return [.. audiences];
    }

    private static Dictionary<string, object> KubernetesClaim(string issuer, WorkloadTokenRequest request)
    {
        var claim = new Dictionary<string, object>
        {
            ["namespace"] = request.ServiceAccount.Namespace,
            ["serviceaccount"] = new Dictionary<string, object>
            {
                ["name"] = request.ServiceAccount.Name,
                ["uid"] = ServiceAccountUid(issuer, request.ServiceAccount),
            },
        };
        if (request.Pod is { } pod)
        {
            claim["pod"] = new Dictionary<string, object> { ["name"] = pod.Name, ["uid"] = pod.Uid };
        }

        if (request.Node is { } node)
        {
            claim["node"] = new Dictionary<string, object> { ["name"] = node.Name, ["uid"] = node.Uid };
        }

        return claim;
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Minted a workload token: issuer {Issuer}, service account {ServiceAccount}, lifetime {Seconds}s, key {KeyId}")]
    private static partial void LogMinted(ILogger logger, string issuer, string serviceAccount, int seconds, string keyId);
}
