using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tessera.Agent.ManagedIdentity;

/// <summary>
/// The answers' JSON. App Service: <c>access_token</c>, <c>expires_on</c> (Unix seconds as a string), <c>resource</c>,
/// <c>token_type</c>, <c>client_id</c>. IMDS adds <c>expires_in</c>, <c>ext_expires_in</c> and <c>not_before</c>,
/// all numbers as strings as IMDS sends them. The SDKs read <c>expires_on</c>.
/// </summary>
public static class EndpointResponses
{
    public static async Task WriteTokenAsync(
        HttpResponse response,
        EndpointRequest request,
        ServedIdentity identity,
        ExchangedToken token,
        DateTimeOffset now)
    {
        NoStore(response);
        response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(response.Body);
        json.WriteStartObject();
        json.WriteString("access_token", token.AccessToken);
        json.WriteString("client_id", identity.ClientId.ToString());
        if (request.Protocol == EndpointProtocol.Imds)
        {
            var remaining = Seconds((long)(token.ExpiresAt - now).TotalSeconds);
            json.WriteString("expires_in", remaining);
            json.WriteString("ext_expires_in", remaining);
            json.WriteString("not_before", Seconds(token.RequestedAt.ToUnixTimeSeconds()));
        }

        json.WriteString("expires_on", Seconds(token.ExpiresAt.ToUnixTimeSeconds()));
        json.WriteString("resource", request.Resource);
        json.WriteString("token_type", "Bearer");
        json.WriteEndObject();
        await json.FlushAsync();
    }

    public static async Task WriteErrorAsync(HttpResponse response, EndpointError error)
    {
        NoStore(response);
        response.StatusCode = error.Status;
        response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(response.Body);
        json.WriteStartObject();
        json.WriteString("error", error.Error);
        json.WriteString("error_description", error.Description);
        json.WriteEndObject();
        await json.FlushAsync();
    }

    private static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }

    private static string Seconds(long seconds) => seconds.ToString(CultureInfo.InvariantCulture);
}
