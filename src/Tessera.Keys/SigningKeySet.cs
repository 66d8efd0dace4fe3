using Tessera.Tokens.Keys;

namespace Tessera.Keys;

/// <summary>
/// The keys of one owner at one moment: the key that signs now, and every key a validator may still need.
/// </summary>
public sealed record SigningKeySet(SigningKey? Active, IReadOnlyList<SigningKey> Published);
