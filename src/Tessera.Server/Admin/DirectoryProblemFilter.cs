using Microsoft.AspNetCore.Http;
using Tessera.Client.Contracts;
using Tessera.Domain.Rules;

namespace Tessera.Server.Admin;

/// <summary>
/// Answers a refused directory operation with a problem document: 400 listing each broken rule (field, value,
/// rule), 404 or 409 with the reason.
/// </summary>
public sealed class DirectoryProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (DirectoryException ex)
        {
            var status = ex.Kind switch
            {
                DirectoryErrorKind.NotFound => StatusCodes.Status404NotFound,
                DirectoryErrorKind.Conflict => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            };
            var errors = ex.Violations.Select(v => new ProblemField(v.Field, v.Value, v.Rule, v.Message)).ToList();
            return TypedResults.Problem(ex.Message, statusCode: status,
                extensions: errors.Count == 0 ? null : new Dictionary<string, object?> { ["errors"] = errors });
        }
    }
}
