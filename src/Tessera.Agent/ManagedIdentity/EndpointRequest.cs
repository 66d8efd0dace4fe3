namespace Tessera.Agent.ManagedIdentity;

/// <summary>Which of the two managed identity protocols a request speaks; the answer's shape follows it.</summary>
public enum EndpointProtocol
{
    /// <summary><c>IDENTITY_ENDPOINT</c> with the <c>X-IDENTITY-HEADER</c> secret, api-version 2019-08-01.</summary>
    AppService,

    /// <summary>The instance metadata service's form, with the <c>Metadata: true</c> header.</summary>
    Imds,
}

/// <summary>A token request the endpoint accepted: for <see cref="Resource"/> (without <c>/.default</c>).</summary>
/// <param name="Selector">The user-assigned identity asked for; null for the default identity.</param>
public sealed record EndpointRequest(EndpointProtocol Protocol, string Resource, IdentitySelector? Selector);
