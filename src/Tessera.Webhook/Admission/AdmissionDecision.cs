using System.Text.Json.Nodes;

namespace Tessera.Webhook.Admission;

/// <summary>The webhook's answer about one pod: allowed (perhaps with a patch) or denied, and any warnings.</summary>
public sealed record AdmissionDecision
{
    private AdmissionDecision(bool allowed, JsonArray? patch, int code, string? message, IReadOnlyList<string> warnings)
    {
        Allowed = allowed;
        PatchOperations = patch;
        Code = code;
        Message = message;
        Warnings = warnings;
    }

    public bool Allowed { get; }

    /// <summary>The RFC 6902 operations; null or empty when the pod is admitted unchanged.</summary>
    public JsonArray? PatchOperations { get; }

    /// <summary>The HTTP-style status code of a denial: 400 for the pod's fault, 500 for the webhook's.</summary>
    public int Code { get; }

    /// <summary>Why the pod was denied, naming the service account or the annotation and its value.</summary>
    public string? Message { get; }

    public IReadOnlyList<string> Warnings { get; }

    public static AdmissionDecision Allow(IReadOnlyList<string>? warnings = null) =>
        new(true, null, 200, null, warnings ?? []);

    public static AdmissionDecision Patch(JsonArray operations, IReadOnlyList<string> warnings) =>
        new(true, operations, 200, null, warnings);

    public static AdmissionDecision Deny(string message, int code = 400) => new(false, null, code, message, []);
}
