namespace Tessera.Webhook.Tests;

/// <summary>Admission warnings (kubectl prints them) for the common mistakes; the pod is still admitted.</summary>
public sealed class WarningTests
{
    internal sealed record Case(Dictionary<string, string> Account, string[] Expected, Action<ReviewBuilder>? Pod = null);

    private static readonly Dictionary<string, Case> s_cases = new()
    {
        ["Service_account_without_a_client_id"] = new([],
        [
            "The pod is labelled azure.workload.identity/use=true but its service account orders/orders-api has no " +
            "azure.workload.identity/client-id annotation, so AZURE_CLIENT_ID is not set and the SDKs cannot tell " +
            "which identity to use.",
        ]),
        ["Client_id_spelled_with_an_underscore"] = new(
            new() { ["azure.workload.identity/client_id"] = WebhookHarness.ClientId },
            [
                "The pod is labelled azure.workload.identity/use=true but its service account orders/orders-api has no " +
                "azure.workload.identity/client-id annotation, so AZURE_CLIENT_ID is not set and the SDKs cannot tell " +
                "which identity to use.",
                "The annotation azure.workload.identity/client_id of service account orders/orders-api is ignored; the " +
                "webhook reads azure.workload.identity/client-id (with hyphens).",
            ]),
        ["Client_id_that_is_not_a_guid"] = new(
            new() { ["azure.workload.identity/client-id"] = "orders-identity" },
            [
                "The annotation azure.workload.identity/client-id of service account orders/orders-api is " +
                "'orders-identity', which is not a client ID (a GUID); token requests with it will fail.",
            ]),
        ["Pod_annotation_spelled_with_underscores"] = new(
            new() { ["azure.workload.identity/client-id"] = WebhookHarness.ClientId },
            [
                "The annotation azure.workload.identity/skip_containers of the pod is ignored; the webhook reads " +
                "azure.workload.identity/skip-containers (with hyphens).",
            ],
            p => p.Annotate("azure.workload.identity/skip_containers", "api")),
        ["Correct_service_account_gets_no_warning"] = new(
            new() { ["azure.workload.identity/client-id"] = WebhookHarness.ClientId }, []),
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Warning(string name)
    {
        var (account, expected, pod) = s_cases[name];
        var harness = new WebhookHarness();
        harness.Accounts.Put("orders", "orders-api", account);
        var review = new ReviewBuilder();
        pod?.Invoke(review);

        var result = await harness.ReviewAsync(review);

        Assert.True(result.Allowed, result.Message);
        Assert.Equal(expected, result.Warnings);
    }
}
