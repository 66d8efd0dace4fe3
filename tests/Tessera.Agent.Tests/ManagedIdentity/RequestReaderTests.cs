using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Tessera.Agent.ManagedIdentity;

namespace Tessera.Agent.Tests.ManagedIdentity;

/// <summary>
/// How each protocol's request is read: who may ask (the secret, the Metadata header), the api-version, the
/// resource and the identity selector, and the exact refusal for each mistake.
/// </summary>
public sealed class RequestReaderTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private const string AppService = "api-version=2019-08-01";
    private const string Imds = "api-version=2018-02-01";

    private static readonly Dictionary<string, string> s_withSecret = new() { ["X-IDENTITY-HEADER"] = Secret };
    private static readonly Dictionary<string, string> s_metadata = new() { ["Metadata"] = "true" };

    internal sealed record Accepted(
        string Query, Dictionary<string, string> Headers, EndpointProtocol Protocol, string Resource,
        string? Selector = null, bool OpenImds = false);

    internal sealed record Refused(
        string Query, Dictionary<string, string> Headers, int Status, string Message, bool OpenImds = false);

    private static readonly Dictionary<string, Accepted> s_accepted = new()
    {
        ["App_service_request_as_the_sdks_send_it"] = new(
            $"{AppService}&resource=api://orders", s_withSecret, EndpointProtocol.AppService, "api://orders"),
        ["Trailing_default_scope_is_removed"] = new(
            $"{AppService}&resource=api://orders/.default", s_withSecret, EndpointProtocol.AppService, "api://orders"),
        ["Resource_url_with_trailing_slash_is_kept_as_sent"] = new(
            $"{AppService}&resource=https://vault.example/", s_withSecret, EndpointProtocol.AppService,
            "https://vault.example/"),
        ["Client_id_selects_a_user_assigned_identity"] = new(
            $"{AppService}&resource=api://orders&client_id=C", s_withSecret, EndpointProtocol.AppService,
            "api://orders", "client_id=C"),
        ["Principal_id_is_app_services_name_for_object_id"] = new(
            $"{AppService}&resource=api://orders&principal_id=P", s_withSecret, EndpointProtocol.AppService,
            "api://orders", "principal_id=P"),
        ["Empty_selector_means_the_default_identity"] = new(
            $"{AppService}&resource=api://orders&client_id=", s_withSecret, EndpointProtocol.AppService,
            "api://orders"),
        ["Unknown_parameters_the_sdks_add_are_ignored"] = new(
            $"{AppService}&resource=api://orders&xms_cc=CP1&token_sha256_to_refresh=ab", s_withSecret,
            EndpointProtocol.AppService, "api://orders"),
        ["Imds_request_with_the_secret"] = new(
            $"{Imds}&resource=api://orders&msi_res_id=R",
            new() { ["Metadata"] = "true", ["X-IDENTITY-HEADER"] = Secret }, EndpointProtocol.Imds, "api://orders",
            "msi_res_id=R"),
        ["Imds_request_without_the_secret_where_imds_is_open"] = new(
            $"{Imds}&resource=api://orders", s_metadata, EndpointProtocol.Imds, "api://orders", OpenImds: true),
        ["Metadata_header_value_is_case_insensitive"] = new(
            "api-version=2021-02-01&resource=api://orders", new() { ["Metadata"] = "True" }, EndpointProtocol.Imds,
            "api://orders", OpenImds: true),
    };

    private static readonly Dictionary<string, Refused> s_refused = new()
    {
        ["App_service_request_without_the_secret"] = new(
            $"{AppService}&resource=api://orders", [], 401,
            "The X-IDENTITY-HEADER header is missing; send the value of IDENTITY_HEADER."),
        ["App_service_request_with_the_wrong_secret"] = new(
            $"{AppService}&resource=api://orders", new() { ["X-IDENTITY-HEADER"] = Secret + "0" }, 401,
            "The X-IDENTITY-HEADER header does not hold this endpoint's secret; send the value of IDENTITY_HEADER " +
            "given to this program."),
        ["Wrong_secret_is_refused_before_anything_else_is_read"] = new(
            "api-version=1999-01-01", new() { ["X-IDENTITY-HEADER"] = "guess" }, 401,
            "The X-IDENTITY-HEADER header does not hold this endpoint's secret"),
        ["Imds_request_without_the_metadata_header"] = new(
            $"{Imds}&resource=api://orders", [], 400,
            "Required metadata header not specified or not 'true': send 'Metadata: true'.", OpenImds: true),
        ["Metadata_header_that_is_not_true"] = new(
            $"{Imds}&resource=api://orders", new() { ["Metadata"] = "yes" }, 400,
            "Required metadata header not specified or not 'true'", OpenImds: true),
        ["Imds_request_without_the_secret_on_a_shared_machine"] = new(
            $"{Imds}&resource=api://orders", s_metadata, 401,
            "This endpoint answers IMDS requests only with the X-IDENTITY-HEADER header, because other users of this " +
            "machine can reach its loopback address. Use IDENTITY_ENDPOINT and IDENTITY_HEADER (the App Service " +
            "protocol), or start the agent with --imds."),
        ["App_service_request_with_another_api_version"] = new(
            "api-version=2017-09-01&resource=api://orders", s_withSecret, 400,
            "The api-version is '2017-09-01'; with X-IDENTITY-HEADER this endpoint speaks the App Service protocol, " +
            "api-version=2019-08-01."),
        ["Imds_request_without_api_version"] = new(
            "resource=api://orders", s_metadata, 400,
            "The api-version is missing; IMDS requests need a dated api-version from 2018-02-01 on, for example " +
            "api-version=2018-02-01.", OpenImds: true),
        ["Imds_request_with_an_api_version_older_than_the_token_shape"] = new(
            "api-version=2017-12-01&resource=api://orders", s_metadata, 400,
            "The api-version is '2017-12-01'; IMDS requests need", OpenImds: true),
        ["Missing_resource"] = new(
            AppService, s_withSecret, 400,
            "The resource is missing; expected one resource's App ID URI, for example resource=api://orders (a " +
            "trailing /.default is accepted and removed)."),
        ["Resource_that_is_only_the_default_scope"] = new(
            $"{AppService}&resource=/.default", s_withSecret, 400, "The resource is '/.default'; expected one"),
        ["Several_resources_in_one_request"] = new(
            $"{AppService}&resource=api://orders api://invoices", s_withSecret, 400,
            "The resource is 'api://orders api://invoices'; expected one resource's App ID URI"),
        ["Resource_given_twice"] = new(
            $"{AppService}&resource=api://orders&resource=api://invoices", s_withSecret, 400,
            "The query parameter 'resource' is given 2 times; give it once."),
        ["Resource_with_control_characters"] = new(
            $"{AppService}&resource=api://orders%0Aforged", s_withSecret, 400,
            "The query parameter 'resource' is 19 characters long or holds control characters; expected at most " +
            "2048 printable characters."),
        ["Identity_named_two_ways"] = new(
            $"{AppService}&resource=api://orders&client_id=C&mi_res_id=R", s_withSecret, 400,
            "The request names an identity 2 ways (client_id, mi_res_id); give at most one of client_id, object_id " +
            "or mi_res_id."),
    };

    public static TheoryData<string> AcceptedCases => [.. s_accepted.Keys];

    public static TheoryData<string> RefusedCases => [.. s_refused.Keys];

    [Theory]
    [MemberData(nameof(AcceptedCases))]
    public void Accepted_request(string name)
    {
        var (query, headers, protocol, resource, selector, openImds) = s_accepted[name];

        var accepted = Reader(openImds).TryRead(Query(query), Headers(headers), out var request, out var error);

        Assert.True(accepted, error?.Description);
        Assert.Equal(protocol, request!.Protocol);
        Assert.Equal(resource, request.Resource);
        Assert.Equal(selector, request.Selector is { } s ? $"{s.Parameter}={s.Value}" : null);
    }

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public void Refused_request(string name)
    {
        var (query, headers, status, message, openImds) = s_refused[name];

        var accepted = Reader(openImds).TryRead(Query(query), Headers(headers), out _, out var error);

        Assert.False(accepted);
        Assert.Equal(status, error!.Status);
        Assert.Equal(status == 401 ? "unauthorized_client" : "invalid_request", error.Error);
        Assert.StartsWith(message, error.Description, StringComparison.Ordinal);
    }

    private static EndpointRequestReader Reader(bool openImds) =>
        new(IdentityHeaderSecret.From(Secret, "test"), openImds);

    private static QueryCollection Query(string query) => new(QueryHelpers.ParseQuery("?" + query));

    private static HeaderDictionary Headers(Dictionary<string, string> headers) =>
        new(headers.ToDictionary(h => h.Key, h => new Microsoft.Extensions.Primitives.StringValues(h.Value)));
}
