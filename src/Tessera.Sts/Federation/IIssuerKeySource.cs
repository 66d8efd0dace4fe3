using Tessera.Tokens.KeySets;

namespace Tessera.Sts.Federation;

/// <summary>Supplies the verified key set of an external issuer.</summary>
public interface IIssuerKeySource
{
    /// <summary>
    /// The issuer's keys. <paramref name="keyId"/> is the kid the caller needs; when the known keys lack it, the
    /// source may refresh them once. Throws <see cref="IssuerFetchException"/> when no usable key set is available.
    /// </summary>
    Task<IssuerKeySet> GetKeysAsync(string issuer, string? keyId, CancellationToken cancellationToken);
}
