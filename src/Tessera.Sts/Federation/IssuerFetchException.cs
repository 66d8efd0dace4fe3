namespace Tessera.Sts.Federation;

/// <summary>An issuer's discovery document or key set could not be obtained or was not acceptable.</summary>
/// <param name="unreachable">True when the issuer could not be reached or answered with an error status; false
/// when it answered with a document Tessera refuses.</param>
public sealed class IssuerFetchException(string message, bool unreachable, Exception? inner = null)
    : Exception(message, inner)
{
    public bool Unreachable { get; } = unreachable;
}
