using Tessera.Agent.ManagedIdentity;

namespace Tessera.Agent.Tests.ManagedIdentity;

/// <summary>Which served identity a request's client_id, object_id or resource ID names.</summary>
public sealed class IdentitySelectionTests
{
    private const string ResourceId =
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/shop/providers/" +
        "Microsoft.ManagedIdentity/userAssignedIdentities/reporter";

    private static readonly ServedIdentity s_worker = new(
        Guid.Parse("11111111-1111-1111-1111-111111111111"), Guid.NewGuid(),
        Guid.Parse("22222222-2222-2222-2222-222222222222"), "/subscriptions/x/worker");

    private static readonly ServedIdentity s_reporter = new(
        Guid.Parse("33333333-3333-3333-3333-333333333333"), Guid.NewGuid(),
        Guid.Parse("44444444-4444-4444-4444-444444444444"), ResourceId);

    private static readonly ServedIdentity[] s_served = [s_worker, s_reporter];

    [Theory]
    [InlineData("client_id", "33333333-3333-3333-3333-333333333333")]
    [InlineData("client_id", "{33333333-3333-3333-3333-333333333333}")]
    [InlineData("object_id", "44444444-4444-4444-4444-444444444444")]
    [InlineData("principal_id", "44444444-4444-4444-4444-444444444444")]
    [InlineData("mi_res_id", ResourceId)]
    [InlineData("msi_res_id", ResourceId)]
    [InlineData("mi_res_id", "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/resourcegroups/shop/providers/" +
        "microsoft.managedidentity/userassignedidentities/REPORTER")]
    public void Selector_finds_the_identity_it_names(string parameter, string value)
    {
        var found = new IdentitySelector(parameter, value).Find(s_served, out var problem);

        Assert.Null(problem);
        Assert.Same(s_reporter, found);
    }

    [Theory]
    [InlineData("client_id", "99999999-9999-9999-9999-999999999999",
        "No identity served here has client_id '99999999-9999-9999-9999-999999999999'. This endpoint serves " +
        "'11111111-1111-1111-1111-111111111111', '33333333-3333-3333-3333-333333333333'.")]
    [InlineData("client_id", "reporter",
        "No identity served here has client_id 'reporter'. This endpoint serves")]
    [InlineData("object_id", "11111111-1111-1111-1111-111111111111",
        "No identity served here has object_id '11111111-1111-1111-1111-111111111111'. This endpoint serves " +
        "'22222222-2222-2222-2222-222222222222', '44444444-4444-4444-4444-444444444444'.")]
    [InlineData("msi_res_id", "/subscriptions/x/other",
        "No identity served here has msi_res_id '/subscriptions/x/other'. This endpoint serves " +
        "'/subscriptions/x/worker', '" + ResourceId + "'.")]
    public void Unknown_identity_is_named_with_the_ones_served(string parameter, string value, string message)
    {
        var found = new IdentitySelector(parameter, value).Find(s_served, out var problem);

        Assert.Null(found);
        Assert.StartsWith(message, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Endpoint_that_knows_only_client_ids_says_so_for_object_ids()
    {
        ServedIdentity[] clientIdsOnly = [new(s_worker.ClientId, s_worker.TenantId)];

        new IdentitySelector("object_id", "22222222-2222-2222-2222-222222222222").Find(clientIdsOnly, out var problem);

        Assert.Equal(
            "No identity served here has object_id '22222222-2222-2222-2222-222222222222'. This endpoint knows its " +
            "identities by client ID only; send client_id, or no selector for the default identity " +
            "'11111111-1111-1111-1111-111111111111'.", problem);
    }
}
