using System.Text.Json.Nodes;
using Tessera.Webhook.Admission;

namespace Tessera.Webhook.Tests;

/// <summary>The AdmissionReview answer as the API server expects it, for admission.k8s.io/v1 and v1beta1.</summary>
public sealed class ResponseShapeTests
{
    [Theory]
    [InlineData("admission.k8s.io/v1")]
    [InlineData("admission.k8s.io/v1beta1")]
    public async Task Answer_echoes_version_and_uid_with_a_base64_json_patch(string apiVersion)
    {
        var review = new ReviewBuilder().ApiVersion(apiVersion);

        var result = await new WebhookHarness().ReviewAsync(review);

        Assert.Equal(apiVersion, result.Answer["apiVersion"]!.GetValue<string>());
        Assert.Equal("AdmissionReview", result.Answer["kind"]!.GetValue<string>());
        Assert.Equal("0df28fbd-5f5f-4e5b-9b0a-6f4f8b7b3c21", result.Response["uid"]!.GetValue<string>());
        Assert.True(result.Allowed);
        Assert.Equal("JSONPatch", result.Response["patchType"]!.GetValue<string>());
        Assert.NotEmpty(result.Patch);
    }

    [Fact]
    public async Task Denial_carries_a_failure_status()
    {
        var review = new ReviewBuilder().ServiceAccount("ghost");

        var result = await new WebhookHarness().ReviewAsync(review);

        var status = result.Response["status"]!;
        Assert.Equal("Failure", status["status"]!.GetValue<string>());
        Assert.Equal(400, status["code"]!.GetValue<int>());
        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());
        Assert.Null(result.Response["patch"]);
    }

    [Theory]
    [InlineData("""{"apiVersion":"admission.k8s.io/v2","kind":"AdmissionReview","request":{"uid":"u"}}""",
        "apiVersion is 'admission.k8s.io/v2'; expected 'admission.k8s.io/v1' or 'admission.k8s.io/v1beta1'")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"Pod","request":{"uid":"u"}}""", "kind is 'Pod'; expected 'AdmissionReview'")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""", "request is missing")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{}}""", "request.uid is missing")]
    [InlineData("[]", "The body is not a JSON object")]
    public void Malformed_review_is_refused_naming_the_field(string body, string message)
    {
        var error = Assert.Throws<AdmissionReviewException>(() => AdmissionRequest.Parse(JsonNode.Parse(body)));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
