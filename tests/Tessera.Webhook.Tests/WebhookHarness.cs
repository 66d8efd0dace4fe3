using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Webhook.Admission;
using Tessera.Webhook.Hosting;
using Tessera.Webhook.ServiceAccounts;

namespace Tessera.Webhook.Tests;

/// <summary>
/// The webhook without a network: reviews go through <see cref="PodAdmission"/> and the response writer, so each
/// test sees the wire format, and the patch is applied by an independent RFC 6902 implementation.
/// </summary>
internal sealed class WebhookHarness
{
    public const string ClientId = "5a8b3e0c-1f2d-4c6e-9a7b-3d2e1f0a9b8c";
    public const string OtherClientId = "0e6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
    public const string TenantId = "4d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a";
    public const string DefaultTenantId = "d0c0ffee-0000-4000-8000-000000000001";
    public const string AuthorityHost = "https://tessera.tessera.svc/";

    public WebhookHarness(WebhookOptions? options = null)
    {
        Options = options ?? new WebhookOptions { AuthorityHost = AuthorityHost };
        Accounts.Put("orders", "orders-api", new Dictionary<string, string> { ["azure.workload.identity/client-id"] = ClientId });
    }

    public InMemoryServiceAccounts Accounts { get; } = new();

    public WebhookOptions Options { get; }

    public Task<AdmissionResult> ReviewAsync(ReviewBuilder review) => ReviewAsync(review.Build());

    public async Task<AdmissionResult> ReviewAsync(JsonObject review)
    {
        var admission = new PodAdmission(
            Accounts, Options, new WebhookTenant(Options.TenantId ?? DefaultTenantId, null), NullLogger<PodAdmission>.Instance);
        var request = AdmissionRequest.Parse(review);

        var decision = await admission.ReviewAsync(request, CancellationToken.None);

        var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer))
        {
            AdmissionResponseWriter.Write(json, request, decision);
        }

        return AdmissionResult.From(review, JsonNode.Parse(buffer.ToArray())!.AsObject());
    }
}

/// <summary>The AdmissionReview answer, its decoded patch, and the pod with the patch applied.</summary>
internal sealed record AdmissionResult(JsonObject Answer, JsonArray Patch, JsonObject Pod)
{
    public JsonObject Response => Answer["response"]!.AsObject();

    public bool Allowed => Response["allowed"]!.GetValue<bool>();

    public int? Code => Response["status"]?["code"]?.GetValue<int>();

    public string? Message => Response["status"]?["message"]?.GetValue<string>();

    public string[] Warnings => Response["warnings"]?.AsArray().Select(w => w!.GetValue<string>()).ToArray() ?? [];

    public IEnumerable<string> Operations => Patch.Select(o => $"{o!["op"]} {o["path"]}");

    public static AdmissionResult From(JsonObject review, JsonObject answer)
    {
        var pod = review["request"]!["object"]!.DeepClone().AsObject();
        var encoded = answer["response"]!["patch"]?.GetValue<string>();
        var patchText = encoded is null ? "[]" : Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        JsonSerializer.Deserialize<JsonPatchDocument>(patchText)!.ApplyTo(pod);
        return new AdmissionResult(answer, JsonNode.Parse(patchText)!.AsArray(), pod);
    }

    /// <summary>A container or init container of the patched pod.</summary>
    public JsonObject Container(string name) => new[] { "initContainers", "containers" }
        .SelectMany(f => Pod["spec"]![f]?.AsArray() ?? [])
        .Single(c => c!["name"]!.GetValue<string>() == name)!.AsObject();

    /// <summary>The container's environment as <c>NAME=value</c>, in order.</summary>
    public string[] Env(string container) => Container(container)["env"]?.AsArray()
        .Select(e => $"{e!["name"]}={e["value"]}").ToArray() ?? [];

    public string[] Mounts(string container) => Container(container)["volumeMounts"]?.AsArray()
        .Select(m => $"{m!["name"]}:{m["mountPath"]}:{(m["readOnly"]?.GetValue<bool>() == true ? "ro" : "rw")}").ToArray() ?? [];

    public JsonObject[] Volumes(string name) => Pod["spec"]!["volumes"]!.AsArray()
        .Where(v => v!["name"]!.GetValue<string>() == name).Select(v => v!.AsObject()).ToArray();

    public string[] InitContainerNames => Pod["spec"]!["initContainers"]?.AsArray()
        .Select(c => c!["name"]!.GetValue<string>()).ToArray() ?? [];
}
