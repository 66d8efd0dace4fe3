using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tessera.Domain.Rules;

namespace Tessera.Agent.ManagedIdentity;

/// <summary>
/// One request to the endpoint: the path and method, then the caller and the parameters
/// (<see cref="EndpointRequestReader"/>), the identity, and the token from the cache.
/// </summary>
public sealed partial class EndpointRequestHandler(
    EndpointSettings settings, AccessTokenCache cache, TimeProvider time, ILogger<EndpointRequestHandler> logger)
{
    /// <summary>The path of both protocols; <c>IDENTITY_ENDPOINT</c> points at it too.</summary>
    public const string TokenPath = "/metadata/identity/oauth2/token";

    private readonly EndpointRequestReader _reader = new(settings.Secret, settings.OpenImds);

    public async Task HandleAsync(HttpContext context)
    {
        var http = context.Request;
        var error = CheckRoute(http);
        if (error is null && _reader.TryRead(http.Query, http.Headers, out var request, out error)
            && Select(request, out error) is { } identity)
        {
            await ServeAsync(context, request, identity);
            return;
        }

        await RefuseAsync(context, error!);
    }

    private async Task ServeAsync(HttpContext context, EndpointRequest request, ServedIdentity identity)
    {
        ExchangedToken token;
        try
        {
            token = await cache.GetAsync(identity, request.Resource, context.RequestAborted);
        }
        catch (ManagedIdentityException ex)
        {
            await RefuseAsync(context, ex.Error);
            return;
        }

        LogServed(logger, identity.ClientId, request.Resource, request.Protocol);
        await EndpointResponses.WriteTokenAsync(context.Response, request, identity, token, time.GetUtcNow());
    }

    private async Task RefuseAsync(HttpContext context, EndpointError error)
    {
        LogRefused(logger, context.Request.Method, Printable.Quote(context.Request.Path.Value ?? ""), error.Status,
            error.Error);
        await EndpointResponses.WriteErrorAsync(context.Response, error);
    }

    private ServedIdentity? Select(EndpointRequest request, out EndpointError? error)
    {
        error = null;
        if (request.Selector is not { } selector)
        {
            return settings.Identities[0];
        }

        var found = selector.Find(settings.Identities, out var problem);
        if (found is null)
        {
            error = EndpointError.InvalidRequest(problem!);
        }

        return found;
    }

    private static EndpointError? CheckRoute(HttpRequest request)
    {
        // msal-node adds a trailing slash to the IMDS URL it builds.
        if (!string.Equals(request.Path.Value?.TrimEnd('/'), TokenPath, StringComparison.OrdinalIgnoreCase))
        {
            return new EndpointError(404, "not_found",
                $"Nothing is served at '{Printable.Quote(request.Path.Value ?? "")}'; this endpoint " +
                $"serves GET {TokenPath}.");
        }

        return HttpMethods.IsGet(request.Method) ? null : new EndpointError(405, "invalid_request",
            $"The method {Printable.Quote(request.Method)} is not served; send GET {TokenPath}.");
    }

    [LoggerMessage(EventId = 5105, Level = LogLevel.Debug,
        Message = "Served a token of {ClientId} for {Resource} ({Protocol})")]
    private static partial void LogServed(ILogger logger, Guid clientId, string resource, EndpointProtocol protocol);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Warning,
        Message = "Refused {Method} {Path}: HTTP {Status}, error {Error}")]
    private static partial void LogRefused(ILogger logger, string method, string path, int status, string error);
}
