namespace Tessera.Domain.Hosting;

/// <summary>
/// The public origin (<c>https://host:port</c>) at which clients reach this Tessera. Hosted issuer URLs and the
/// STS's issuer identifiers derive from it, so it must be what clients actually use. It is set once at start-up,
/// after the listening port is known.
/// </summary>
public sealed class ServerOrigin
{
    private Uri? _baseUrl;

    /// <summary>The origin without a trailing slash, for example <c>https://127.0.0.1:8443</c>.</summary>
    public string BaseUrl => (_baseUrl ?? throw new InvalidOperationException(
        "The server origin is read before the server has started listening.")).GetLeftPart(UriPartial.Authority);

    public bool IsSet => _baseUrl is not null;

    public void Set(Uri baseUrl)
    {
        if (baseUrl.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"The public URL must be https; received '{baseUrl}'.", nameof(baseUrl));
        }

        _baseUrl = baseUrl;
    }
}
