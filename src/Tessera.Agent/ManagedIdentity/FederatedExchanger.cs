using Microsoft.Extensions.Logging;
using Tessera.Client;
using Tessera.Domain.Rules;

namespace Tessera.Agent.ManagedIdentity;

/// <summary>
/// The exchange a workload identity SDK would do, done by the agent: the workload token read from its file (fresh on
/// every exchange, so a token the kubelet or the agent's refresher has just replaced is the one sent) is posted as a
/// client assertion to Tessera's v2 token endpoint with the scope <c>RESOURCE/.default</c>.
/// </summary>
/// <remarks>
/// The v2 endpoint is used, as the SDKs' workload identity credential uses it, so the sign-in log reads the same
/// either way; the access token's claims depend on the resource's token version, not on the endpoint.
/// </remarks>
public sealed partial class FederatedExchanger(
    TokenEndpointClient client, string tokenFile, TimeProvider time, ILogger<FederatedExchanger> logger)
    : IAccessTokenExchanger
{
    public async Task<ExchangedToken> ExchangeAsync(
        ServedIdentity identity, string resource, CancellationToken cancellationToken)
    {
        var assertion = await ReadAssertionAsync(cancellationToken);

        // Lifetimes count from before the request, so the expiry passed on is never later than the token's own.
        var requestedAt = time.GetUtcNow();
        TokenEndpointResponse response;
        try
        {
            response = await client.RequestAsync(
                identity.TenantId, identity.ClientId, resource + "/.default", assertion, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TesseraClientException or TaskCanceledException
            && !cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(logger, identity.ClientId, resource, ex.Message);
            throw new ManagedIdentityException(EndpointError.Unavailable(
                $"Tessera's token endpoint could not be reached to sign in {identity.ClientId} for '{resource}': " +
                $"{ex.Message}"), ex);
        }

        if (response is { Succeeded: true, AccessToken: { } token, ExpiresIn: { } expiresIn })
        {
            LogExchanged(logger, identity.ClientId, resource, requestedAt + expiresIn);
            return ExchangedToken.From(token, requestedAt, expiresIn, response.RefreshIn);
        }

        LogRefused(logger, identity.ClientId, resource, response.Status, response.Error ?? "none");
        throw new ManagedIdentityException(Refusal(identity, resource, response));
    }

    /// <summary>
    /// Tessera's refusal passed on with its error code and description. Its 4xx answers mean the identity, its
    /// federated credentials or the resource are wrong (400 here, as IMDS answers); 429 and 5xx are passed as
    /// statuses the SDKs retry.
    /// </summary>
    private static EndpointError Refusal(ServedIdentity identity, string resource, TokenEndpointResponse response)
    {
        var description = $"Tessera refused to sign in {identity.ClientId} for resource '{resource}' " +
            $"(HTTP {response.Status}): {Printable.Quote(response.ErrorDescription ?? "no description", 2000)}";
        return response.Status switch
        {
            200 => new EndpointError(500, "server_error",
                $"Tessera's answer for {identity.ClientId} and '{resource}' has no access_token or expires_in."),
            429 => new EndpointError(429, response.Error ?? "too_many_requests", description),
            >= 500 => EndpointError.Unavailable(description),
            _ => new EndpointError(400, response.Error ?? "invalid_request", description),
        };
    }

    private async Task<string> ReadAssertionAsync(CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(tokenFile, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ManagedIdentityException(EndpointError.Unavailable(
                $"The workload token file '{tokenFile}' could not be read ({ex.Message}); it is written by the " +
                "kubelet (AZURE_FEDERATED_TOKEN_FILE) or by 'tessera run'."), ex);
        }

        // Some writers end the file with a newline; a JWT never holds whitespace.
        var assertion = text.Trim();
        return assertion.Length > 0
            ? assertion
            : throw new ManagedIdentityException(EndpointError.Unavailable(
                $"The workload token file '{tokenFile}' is empty; it is written by the kubelet or by 'tessera run'."));
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information,
        Message = "Exchanged the workload token for {ClientId} and {Resource}: access token valid until {ExpiresAt:u}")]
    private static partial void LogExchanged(ILogger logger, Guid clientId, string resource, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning,
        Message = "Tessera refused the exchange for {ClientId} and {Resource}: HTTP {Status}, error {Error}")]
    private static partial void LogRefused(ILogger logger, Guid clientId, string resource, int status, string error);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning,
        Message = "Tessera's token endpoint could not be reached for {ClientId} and {Resource}: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, Guid clientId, string resource, string reason);
}
