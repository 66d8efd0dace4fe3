using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Tessera.Keys.Telemetry;

namespace Tessera.Server.Observability;

/// <summary>
/// OpenTelemetry for the server: Tessera's own meter and activity source, ASP.NET Core and HttpClient
/// instrumentation, metrics for Prometheus at <c>/metrics</c>, and traces exported over OTLP when the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable names a collector.
/// </summary>
internal static class ServerTelemetry
{
    public const string MetricsPath = "/metrics";

    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton<TesseraMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("tessera", serviceVersion: ServerVersion.Current))
            .WithMetrics(metrics => metrics
                .AddMeter(TesseraMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddPrometheusExporter());
        // Without a collector to send them to, recorded spans would only cost every request their tags.
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            services.AddOpenTelemetry().WithTracing(tracing => tracing
                .AddSource(TesseraActivities.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = IsTraced)
                .AddHttpClientInstrumentation()
                .AddOtlpExporter());
        }
    }

    public static void Map(WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(MetricsPath).ExcludeFromDescription();

    /// <summary>Scrapes and probes would drown the traces worth reading.</summary>
    private static bool IsTraced(HttpContext context) =>
        !context.Request.Path.StartsWithSegments(MetricsPath) && context.Request.Path != "/healthz"
        && context.Request.Path != "/readyz";
}
