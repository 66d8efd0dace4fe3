namespace Tessera.Tokens.KeySets;

/// <summary>A key set refused as a whole, for example because it publishes private key material.</summary>
public sealed class KeySetRejectedException(string message) : Exception(message);
