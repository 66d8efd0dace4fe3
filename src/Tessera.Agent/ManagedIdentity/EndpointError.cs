namespace Tessera.Agent.ManagedIdentity;

/// <summary>
/// A refusal as the endpoint answers it: an HTTP status and the JSON body <c>{"error", "error_description"}</c> that
/// the Azure SDKs read and show. The description names what was received and what is expected.
/// </summary>
public sealed record EndpointError(int Status, string Error, string Description)
{
    public static EndpointError InvalidRequest(string description) => new(400, "invalid_request", description);

    public static EndpointError Unauthorized(string description) => new(401, "unauthorized_client", description);

    /// <summary>Tessera or the token file could not be reached; the SDKs retry this status.</summary>
    public static EndpointError Unavailable(string description) => new(503, "temporarily_unavailable", description);
}
