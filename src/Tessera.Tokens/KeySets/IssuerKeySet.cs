namespace Tessera.Tokens.KeySets;

/// <summary>
/// The usable keys of one issuer, by <c>kid</c>, and the keys that were published but refused, with the reason,
/// so an error about a token signed with a refused key can say why.
/// </summary>
public sealed record IssuerKeySet(
    IReadOnlyDictionary<string, IssuerKey> Keys,
    IReadOnlyDictionary<string, string> RefusedKeys)
{
    public static IssuerKeySet Empty { get; } = new(new Dictionary<string, IssuerKey>(), new Dictionary<string, string>());
}
