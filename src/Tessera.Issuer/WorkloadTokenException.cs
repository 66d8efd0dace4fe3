namespace Tessera.Issuer;

/// <summary>A mint request that cannot be served; the message says what to change.</summary>
public sealed class WorkloadTokenException(string message, bool notFound = false) : Exception(message)
{
    /// <summary>True when the issuer does not exist, false when the request itself is wrong.</summary>
    public bool NotFound { get; } = notFound;
}
