namespace Tessera.Agent.ManagedIdentity;

/// <summary>Gets an access token for an identity and a resource; the endpoint caches what it returns.</summary>
public interface IAccessTokenExchanger
{
    /// <exception cref="ManagedIdentityException">No token could be had; says what to answer.</exception>
    Task<ExchangedToken> ExchangeAsync(ServedIdentity identity, string resource, CancellationToken cancellationToken);
}
