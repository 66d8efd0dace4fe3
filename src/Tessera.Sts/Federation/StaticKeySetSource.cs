using System.Text;
using Microsoft.Extensions.Logging;
using Tessera.Storage;
using Tessera.Tokens.KeySets;

namespace Tessera.Sts.Federation;

/// <summary>
/// Answers from a key set an administrator uploaded when there is one for the issuer, and otherwise from the
/// fetched keys. An uploaded set is the whole truth for its issuer: nothing is fetched for it, because the point of
/// uploading is that the issuer cannot be reached (a private cluster's API server).
/// </summary>
public sealed partial class StaticKeySetSource(
    IDirectoryStore store, IssuerKeyCache fetched, StsOptions options, ILogger<StaticKeySetSource> logger)
    : IIssuerKeySource
{
    // Parsed sets by issuer, each with the upload time it was parsed from: a new upload replaces the entry.
    private volatile Dictionary<string, Parsed> _parsed = new(StringComparer.Ordinal);

    public async Task<IssuerKeySet> GetKeysAsync(string issuer, string? keyId, CancellationToken cancellationToken)
    {
        var uploaded = (await store.ListStaticKeySetsAsync(cancellationToken))
            .FirstOrDefault(set => string.Equals(set.Issuer, issuer, StringComparison.Ordinal));
        if (uploaded is null)
        {
            return await fetched.GetKeysAsync(issuer, keyId, cancellationToken);
        }

        var parsed = _parsed;
        if (parsed.TryGetValue(issuer, out var entry) && entry.UpdatedAt == uploaded.UpdatedAt)
        {
            return entry.Keys;
        }

        IssuerKeySet keys;
        try
        {
            keys = KeySetParser.Parse(Encoding.UTF8.GetBytes(uploaded.Jwks), options.KeySets) with { UploadedAt = uploaded.UpdatedAt };
        }
        catch (KeySetRejectedException ex)
        {
            // Uploads are checked, so this means the key policy became stricter since the upload.
            throw new IssuerFetchException(
                $"The key set uploaded for issuer '{issuer}' is no longer accepted: {ex.Message} Upload a new one " +
                "with 'tessera static-keys set'.", unreachable: false);
        }

        _parsed = new Dictionary<string, Parsed>(parsed, StringComparer.Ordinal)
        {
            [issuer] = new Parsed(uploaded.UpdatedAt, keys),
        };
        LogUsingUploaded(logger, issuer, keys.Keys.Count, uploaded.UpdatedAt);
        return keys;
    }

    private sealed record Parsed(DateTimeOffset UpdatedAt, IssuerKeySet Keys);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information,
        Message = "Using the key set uploaded for issuer {Issuer} at {UpdatedAt}: {Usable} usable key(s); it is not fetched")]
    private static partial void LogUsingUploaded(ILogger logger, string issuer, int usable, DateTimeOffset updatedAt);
}
