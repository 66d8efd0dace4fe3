using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tessera.Server.Admin;

/// <summary>
/// Guards every admin route: the route must declare the permission it needs (else it is closed), the caller must
/// hold that permission in some tenant, and a refusal raised while the route runs (another tenant's object) becomes
/// a 403 problem. Also gives the request its correlation ID, echoed as <c>x-correlation-id</c> and carried by every
/// log line written while it runs.
/// </summary>
public sealed partial class AdminAccessFilter(ILogger<AdminAccessFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var correlationId = AdminAccess.CorrelationIdOf(http);
        http.Response.Headers["x-correlation-id"] = correlationId;
        var caller = AdminCaller.From(http.User);
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["CorrelationId"] = correlationId,
            ["Caller"] = caller.Name,
        });

        var metadata = http.GetEndpoint()?.Metadata.GetMetadata<AdminPermissionMetadata>();
        if (metadata is null)
        {
            return Deny(http, caller, "This admin route declares no permission, so it is closed to everyone.");
        }

        if (!caller.MayAnywhere(metadata.Permission))
        {
            var what = AdminAccess.Describe(metadata.Permission);
            return Deny(http, caller, $"{caller.Name} may not {what}: that needs " +
                $"{AdminAccess.Needed(metadata.Permission)}.");
        }

        try
        {
            return await next(context);
        }
        catch (AdminAccessDeniedException ex)
        {
            return Deny(http, caller, ex.Message);
        }
    }

    private IResult Deny(HttpContext http, AdminCaller caller, string detail)
    {
        LogDenied(logger, caller.Name, http.Request.Method, http.Request.Path, detail);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
    }

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning,
        Message = "Admin request refused: {Caller} {Method} {Path}: {Reason}")]
    private static partial void LogDenied(ILogger logger, string caller, string method, string path, string reason);
}
