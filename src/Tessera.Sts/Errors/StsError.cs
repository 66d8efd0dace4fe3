namespace Tessera.Sts.Errors;

/// <summary>
/// A refused token request, in Entra's terms: the AADSTS code, the OAuth <c>error</c> value, the HTTP status and
/// a description saying what was received and what was expected.
/// </summary>
public sealed record StsError(int Code, string Error, int Status, string Description)
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidClient = "invalid_client";
    public const string UnauthorizedClient = "unauthorized_client";
    public const string InvalidScope = "invalid_scope";
    public const string InvalidResource = "invalid_resource";
    public const string UnsupportedGrantType = "unsupported_grant_type";

    /// <summary>Builds an error whose <c>error</c> value and status follow from the code, as Entra assigns them.</summary>
    public static StsError Of(int code, string description)
    {
        var error = code switch
        {
            90002 or 50027 or 70021 or 90061 or 501661 or 70023 or 901002 or 900144 or 900023 => InvalidRequest,
            700016 => UnauthorizedClient,
            7000218 or 70025 or 700211 or 700212 or 700213 or 7002138 or 700024 or 700222 => InvalidClient,
            70011 or 700022 => InvalidScope,
            500011 => InvalidResource,
            70003 => UnsupportedGrantType,
            _ => throw new ArgumentOutOfRangeException(nameof(code), code, "No OAuth error is assigned to this code."),
        };
        var status = error == InvalidClient ? 401 : 400;
        return new StsError(code, error, status, description);
    }
}
