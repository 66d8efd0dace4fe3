using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Webhook.Admission;

namespace Tessera.Webhook.Hosting;

/// <summary><c>POST /mutate-v1-pod</c>: the mutating admission webhook the API server calls for pods.</summary>
public static class WebhookEndpoints
{
    public const string MutatePodPath = "/mutate-v1-pod";

    /// <summary>The API server stores objects of up to about 1.5 MB; a review carries one, plus its envelope.</summary>
    public const long MaxBodyBytes = 3 * 1024 * 1024;

    /// <summary>Maps the endpoint when the webhook is registered (with Kubernetes access); else nothing.</summary>
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        if (routes.ServiceProvider.GetService<PodAdmission>() is null)
        {
            return routes;
        }

        routes.MapPost(MutatePodPath, HandleAsync).ExcludeFromDescription().DisableAntiforgery();
        return routes;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = MaxBodyBytes;
        }

        AdmissionRequest request;
        try
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            request = AdmissionRequest.Parse(body);
        }
        catch (Exception ex) when (ex is JsonException or AdmissionReviewException)
        {
            var problem = Results.Problem($"The body is not an AdmissionReview: {ex.Message}", statusCode: 400);
            await problem.ExecuteAsync(context);
            return;
        }

        var admission = context.RequestServices.GetRequiredService<PodAdmission>();
        var decision = await admission.ReviewAsync(request, context.RequestAborted);
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        AdmissionResponseWriter.Write(json, request, decision);
        await json.FlushAsync(context.RequestAborted);
    }
}
