using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Tessera.Keys.Telemetry;
using Tessera.Tokens.KeySets;

namespace Tessera.Sts.Federation;

/// <summary>The key set of an issuer and how long its publisher allows caching it.</summary>
public sealed record FetchedKeySet(IssuerKeySet Keys, TimeSpan? MaxAge);

/// <summary>
/// Fetches an issuer's OpenID discovery document and then its key set, over https only, without following
/// redirects, within a time and size budget. The discovery document must name the very issuer it was fetched for.
/// </summary>
public sealed class IssuerMetadataFetcher(HttpClient http, StsOptions options, TesseraMetrics metrics)
{
    public const string HttpClientName = "issuer-metadata";

    private static readonly JsonDocumentOptions s_jsonOptions = new() { AllowDuplicateProperties = false, MaxDepth = 16 };

    public async Task<FetchedKeySet> FetchAsync(string issuer, CancellationToken cancellationToken)
    {
        using var activity = TesseraActivities.Source.StartActivity("tessera.issuer.fetch");
        activity?.SetTag("tessera.issuer", issuer);
        try
        {
            return await FetchKeySetAsync(issuer, cancellationToken);
        }
        catch (IssuerFetchException ex)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    private async Task<FetchedKeySet> FetchKeySetAsync(string issuer, CancellationToken cancellationToken)
    {
        var discoveryUrl = RequireHttps(issuer.TrimEnd('/') + "/.well-known/openid-configuration", "issuer");
        var (discovery, _) = await MeasuredGetAsync(discoveryUrl, "discovery document", "discovery", cancellationToken);
        var jwksUri = ReadDiscovery(issuer, discoveryUrl, discovery);

        var (keySet, maxAge) = await MeasuredGetAsync(jwksUri, "key set", "keys", cancellationToken);
        try
        {
            return new FetchedKeySet(KeySetParser.Parse(keySet, options.KeySets), maxAge);
        }
        catch (KeySetRejectedException ex)
        {
            throw new IssuerFetchException($"The key set of issuer '{issuer}' at {jwksUri} was refused: {ex.Message}",
                unreachable: false, ex);
        }
    }

    private static Uri ReadDiscovery(string issuer, Uri discoveryUrl, byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, s_jsonOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Refused(issuer, discoveryUrl, "it is not a JSON object");
            }

            var named = root.TryGetProperty("issuer", out var issuerElement) && issuerElement.ValueKind == JsonValueKind.String
                ? issuerElement.GetString()
                : null;
            if (named != issuer)
            {
                throw Refused(issuer, discoveryUrl,
                    $"it names issuer '{named}', not '{issuer}'; a discovery document must name the exact issuer it " +
                    "serves (check for a trailing slash)");
            }

            if (!root.TryGetProperty("jwks_uri", out var jwks) || jwks.ValueKind != JsonValueKind.String)
            {
                throw Refused(issuer, discoveryUrl, "it has no 'jwks_uri'");
            }

            return RequireHttps(jwks.GetString()!, "jwks_uri");
        }
        catch (JsonException ex)
        {
            throw new IssuerFetchException(
                $"The discovery document of issuer '{issuer}' at {discoveryUrl} is not valid JSON: {ex.Message}",
                unreachable: false, ex);
        }
    }

    private async Task<(byte[] Body, TimeSpan? MaxAge)> MeasuredGetAsync(
        Uri url, string what, string document, CancellationToken cancellationToken)
    {
        try
        {
            var result = await GetAsync(url, what, cancellationToken);
            metrics.IssuerFetched(document, success: true);
            return result;
        }
        catch (IssuerFetchException)
        {
            metrics.IssuerFetched(document, success: false);
            throw;
        }
    }

    private async Task<(byte[] Body, TimeSpan? MaxAge)> GetAsync(Uri url, string what, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.IssuerFetch.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var redirect = (int)response.StatusCode is >= 300 and < 400 ? " (redirects are not followed)" : "";
                throw new IssuerFetchException(
                    $"Fetching the {what} from {url} returned HTTP {(int)response.StatusCode}{redirect}.", unreachable: true);
            }

            var body = await ReadBoundedAsync(response.Content, url, what, timeout.Token);
            return (body, response.Headers.CacheControl?.MaxAge);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IssuerFetchException(
                $"Fetching the {what} from {url} took longer than {options.IssuerFetch.Timeout.TotalSeconds:0} seconds.",
                unreachable: true);
        }
        catch (HttpRequestException ex)
        {
            throw new IssuerFetchException($"Fetching the {what} from {url} failed: {ex.Message}", unreachable: true, ex);
        }
    }

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, Uri url, string what, CancellationToken cancellationToken)
    {
        var limit = options.IssuerFetch.MaxDocumentBytes;
        if (content.Headers.ContentLength > limit)
        {
            throw TooLarge(url, what, limit);
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(url, what, limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static Uri RequireHttps(string url, string what)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new IssuerFetchException($"The {what} '{url}' is not an https URL; Tessera fetches keys over https only.",
                unreachable: false);
        }

        return uri;
    }

    private static IssuerFetchException TooLarge(Uri url, string what, int limit) =>
        new($"The {what} at {url} is larger than {limit / 1024} KB, the most Tessera reads.", unreachable: false);

    private static IssuerFetchException Refused(string issuer, Uri url, string reason) =>
        new($"The discovery document of issuer '{issuer}' at {url} was refused: {reason}.", unreachable: false);
}
