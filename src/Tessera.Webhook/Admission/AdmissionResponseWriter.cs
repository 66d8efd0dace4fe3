using System.Text;
using System.Text.Json;

namespace Tessera.Webhook.Admission;

/// <summary>Writes the AdmissionReview answer: the request's apiVersion and uid, and the decision.</summary>
public static class AdmissionResponseWriter
{
    public static void Write(Utf8JsonWriter json, AdmissionRequest request, AdmissionDecision decision)
    {
        json.WriteStartObject();
        json.WriteString("apiVersion", request.ApiVersion);
        json.WriteString("kind", "AdmissionReview");
        json.WriteStartObject("response");
        json.WriteString("uid", request.Uid);
        json.WriteBoolean("allowed", decision.Allowed);
        if (decision.PatchOperations is { Count: > 0 } operations)
        {
            json.WriteString("patchType", "JSONPatch");
            json.WriteBase64String("patch", Encoding.UTF8.GetBytes(operations.ToJsonString()));
        }

        if (!decision.Allowed)
        {
            json.WriteStartObject("status");
            json.WriteString("status", "Failure");
            json.WriteNumber("code", decision.Code);
            json.WriteString("reason", decision.Code == 400 ? "BadRequest" : "InternalError");
            json.WriteString("message", decision.Message);
            json.WriteEndObject();
        }

        if (decision.Warnings.Count > 0)
        {
            json.WriteStartArray("warnings");
            foreach (var warning in decision.Warnings)
            {
                json.WriteStringValue(warning);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
