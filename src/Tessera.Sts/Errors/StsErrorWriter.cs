using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tessera.Sts.Errors;

/// <summary>
/// Writes an <see cref="StsError"/> in Entra's JSON shape: the description ends with trace ID, correlation ID and
/// timestamp, which are also given as separate members.
/// </summary>
public static class StsErrorWriter
{
    public static async Task WriteAsync(
        HttpResponse response, StsError error, string traceId, string correlationId, DateTimeOffset now)
    {
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        response.StatusCode = error.Status;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";

        await using var json = new Utf8JsonWriter(response.Body);
        json.WriteStartObject();
        json.WriteString("error", error.Error);
        json.WriteString("error_description",
            $"AADSTS{error.Code}: {error.Description} Trace ID: {traceId} Correlation ID: {correlationId} " +
            $"Timestamp: {timestamp}");
        json.WriteStartArray("error_codes");
        json.WriteNumberValue(error.Code);
        json.WriteEndArray();
        json.WriteString("timestamp", timestamp);
        json.WriteString("trace_id", traceId);
        json.WriteString("correlation_id", correlationId);
        json.WriteEndObject();
        await json.FlushAsync();
    }
}
