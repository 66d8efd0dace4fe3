namespace Tessera.Agent.ManagedIdentity;

/// <summary>A token could not be had; <see cref="Error"/> is what the endpoint answers.</summary>
public sealed class ManagedIdentityException(EndpointError error, Exception? inner = null)
    : Exception(error.Description, inner)
{
    public EndpointError Error { get; } = error;
}
