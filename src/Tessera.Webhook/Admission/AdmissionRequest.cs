using System.Text.Json.Nodes;
using Tessera.Webhook.Mutation;

namespace Tessera.Webhook.Admission;

/// <summary>The parts of an AdmissionReview request the webhook reads; the object stays JSON.</summary>
/// <param name="ApiVersion">
/// <c>admission.k8s.io/v1</c> or <c>admission.k8s.io/v1beta1</c>; the answer uses the same.
/// </param>
/// <param name="Kind">The object's kind, such as <c>Pod</c>.</param>
/// <param name="Object">The object as the API server sent it, unknown fields included.</param>
public sealed record AdmissionRequest(
    string ApiVersion, string Uid, string Kind, string Operation, string Namespace, JsonObject? Object)
{
    public const string V1 = "admission.k8s.io/v1";
    public const string V1Beta1 = "admission.k8s.io/v1beta1";

    public bool IsPodCreate => Kind == "Pod" && Operation == "CREATE" && Object is not null;

    /// <summary>Reads an AdmissionReview, or throws <see cref="AdmissionReviewException"/> naming the field.</summary>
    public static AdmissionRequest Parse(JsonNode? review)
    {
        if (review is not JsonObject root)
        {
            throw new AdmissionReviewException("The body is not a JSON object; expected an AdmissionReview.");
        }

        var apiVersion = PodJson.Text(root["apiVersion"]);
        if (apiVersion is not (V1 or V1Beta1))
        {
            throw new AdmissionReviewException(
                $"apiVersion is '{apiVersion}'; expected '{V1}' or '{V1Beta1}' (an AdmissionReview).");
        }

        if (PodJson.Text(root["kind"]) is var kind && kind != "AdmissionReview")
        {
            throw new AdmissionReviewException($"kind is '{kind}'; expected 'AdmissionReview'.");
        }

        if (root["request"] is not JsonObject request)
        {
            throw new AdmissionReviewException("request is missing; an AdmissionReview sent to a webhook has one.");
        }

        if (PodJson.Text(request["uid"]) is not { Length: > 0 } uid)
        {
            throw new AdmissionReviewException("request.uid is missing; the answer must echo it.");
        }

        return new AdmissionRequest(
            apiVersion,
            uid,
            PodJson.Text(request["kind"]?["kind"]) ?? "",
            PodJson.Text(request["operation"]) ?? "",
            PodJson.Text(request["namespace"]) ?? "",
            request["object"] as JsonObject);
    }
}
