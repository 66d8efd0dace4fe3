namespace Tessera.Tokens.KeySets;

/// <summary>
/// The usable keys of one issuer, by <c>kid</c>, and the keys that were published but refused, with the reason,
/// so an error about a token signed with a refused key can say why.
/// </summary>
public sealed record IssuerKeySet(
    IReadOnlyDictionary<string, IssuerKey> Keys,
    IReadOnlyDictionary<string, string> RefusedKeys)
{
    /// <summary>When the keys are a set an administrator uploaded rather than fetched from the issuer, the time
    /// of the upload: error messages then say to upload the issuer's current keys.</summary>
    public DateTimeOffset? UploadedAt { get; init; }

    public static IssuerKeySet Empty { get; } = new(new Dictionary<string, IssuerKey>(), new Dictionary<string, string>());
}
