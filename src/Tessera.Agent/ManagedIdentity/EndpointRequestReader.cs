using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Tessera.Domain.Rules;

namespace Tessera.Agent.ManagedIdentity;

/// <summary>
/// Reads a token request in either protocol, checking the caller first: App Service requests need the
/// <c>X-IDENTITY-HEADER</c> secret (401 without it), IMDS requests the <c>Metadata: true</c> header (400 without it,
/// as IMDS answers) and, unless the endpoint serves IMDS openly, the secret too. Then the api-version, the resource
/// and at most one identity selector. Unknown parameters (the SDKs add some, such as <c>xms_cc</c>) are ignored.
/// </summary>
/// <param name="openImds">Whether IMDS requests are served without the secret: safe only where loopback belongs
/// to one workload (a pod), since any local user can reach it.</param>
public sealed class EndpointRequestReader(IdentityHeaderSecret secret, bool openImds)
{
    public const string AppServiceApiVersion = "2019-08-01";
    public const string MetadataHeader = "Metadata";

    /// <summary>The oldest IMDS api-version whose token answer has the shape served here.</summary>
    private static readonly DateOnly s_oldestImdsVersion = new(2018, 2, 1);

    private const string DefaultSuffix = "/.default";
    private const int MaxValueLength = 2048;

    public bool TryRead(
        IQueryCollection query,
        IHeaderDictionary headers,
        [NotNullWhen(true)] out EndpointRequest? request,
        [NotNullWhen(false)] out EndpointError? error)
    {
        request = null;
        var protocol = headers.ContainsKey(MetadataHeader) ? EndpointProtocol.Imds
            : headers.ContainsKey(IdentityHeaderSecret.HeaderName)
              || Single(query, "api-version") == AppServiceApiVersion
                ? EndpointProtocol.AppService
                : EndpointProtocol.Imds;
        error = CheckCaller(protocol, headers) ?? CheckParameters(query) ?? CheckApiVersion(protocol, query);
        if (error is not null)
        {
            return false;
        }

        if (!TryReadResource(query, out var resource, out error)
            || !TryReadSelector(query, out var selector, out error))
        {
            return false;
        }

        request = new EndpointRequest(protocol, resource, selector);
        return true;
    }

    private EndpointError? CheckCaller(EndpointProtocol protocol, IHeaderDictionary headers)
    {
        var presented = headers[IdentityHeaderSecret.HeaderName];
        if (protocol == EndpointProtocol.Imds)
        {
            if (!string.Equals(headers[MetadataHeader], "true", StringComparison.OrdinalIgnoreCase))
            {
                return EndpointError.InvalidRequest(
                    $"Required metadata header not specified or not 'true': send '{MetadataHeader}: true'.");
            }

            if (presented.Count == 0 && openImds)
            {
                return null;
            }

            if (presented.Count == 0)
            {
                return EndpointError.Unauthorized(
                    $"This endpoint answers IMDS requests only with the {IdentityHeaderSecret.HeaderName} header, " +
                    "because other users of this machine can reach its loopback address. Use IDENTITY_ENDPOINT and " +
                    "IDENTITY_HEADER (the App Service protocol), or start the agent with --imds.");
            }
        }

        if (presented.Count == 0)
        {
            return EndpointError.Unauthorized(
                $"The {IdentityHeaderSecret.HeaderName} header is missing; send the value of IDENTITY_HEADER.");
        }

        return presented.Count == 1 && secret.Matches(presented[0])
            ? null
            : EndpointError.Unauthorized(
                $"The {IdentityHeaderSecret.HeaderName} header does not hold this endpoint's secret; send the value " +
                "of IDENTITY_HEADER given to this program.");
    }

    private static EndpointError? CheckParameters(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            if (values.Count > 1)
            {
                return EndpointError.InvalidRequest(
                    $"The query parameter '{Printable.Quote(name)}' is given {values.Count} times; give it once.");
            }

            if (values[0] is { } value && (value.Length > MaxValueLength || Printable.HasControlCharacters(value)))
            {
                return EndpointError.InvalidRequest(
                    $"The query parameter '{Printable.Quote(name)}' is {value.Length} characters long or holds " +
                    $"control characters; expected at most {MaxValueLength} printable characters.");
            }
        }

        return null;
    }

    private static EndpointError? CheckApiVersion(EndpointProtocol protocol, IQueryCollection query)
    {
        var version = Single(query, "api-version");
        if (protocol == EndpointProtocol.AppService)
        {
            return version == AppServiceApiVersion ? null : EndpointError.InvalidRequest(
                $"The api-version is {Described(version)}; with {IdentityHeaderSecret.HeaderName} this endpoint " +
                $"speaks the App Service protocol, api-version={AppServiceApiVersion}.");
        }

        return DateOnly.TryParseExact(version, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
            out var date) && date >= s_oldestImdsVersion
            ? null
            : EndpointError.InvalidRequest(
                $"The api-version is {Described(version)}; IMDS requests need a dated api-version from " +
                $"{s_oldestImdsVersion:yyyy-MM-dd} on, for example api-version=2018-02-01.");
    }

    private static bool TryReadResource(
        IQueryCollection query, [NotNullWhen(true)] out string? resource, [NotNullWhen(false)] out EndpointError? error)
    {
        var sent = Single(query, "resource");
        resource = sent is not null && sent.EndsWith(DefaultSuffix, StringComparison.Ordinal)
            ? sent[..^DefaultSuffix.Length]
            : sent;
        if (string.IsNullOrWhiteSpace(resource) || resource.Contains(' ', StringComparison.Ordinal))
        {
            resource = null;
            error = EndpointError.InvalidRequest(
                $"The resource is {Described(sent)}; expected one resource's App ID URI, for example " +
                "resource=api://orders (a trailing /.default is accepted and removed).");
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryReadSelector(
        IQueryCollection query, out IdentitySelector? selector, [NotNullWhen(false)] out EndpointError? error)
    {
        var given = IdentitySelector.AllParameters
            .Select(name => new IdentitySelector(name, Single(query, name) ?? ""))
            .Where(s => s.Value.Length > 0)
            .ToList();
        selector = given.FirstOrDefault();
        error = given.Count <= 1 ? null : EndpointError.InvalidRequest(
            $"The request names an identity {given.Count} ways " +
            $"({string.Join(", ", given.Select(s => s.Parameter))}); " +
            "give at most one of client_id, object_id or mi_res_id.");
        return error is null;
    }

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.FirstOrDefault() : null;

    private static string Described(string? value) => value is null ? "missing" : $"'{Printable.Quote(value)}'";
}
