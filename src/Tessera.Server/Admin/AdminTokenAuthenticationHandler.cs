using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tessera.Domain.Access;
using Tessera.Storage;

namespace Tessera.Server.Admin;

/// <summary>
/// Authenticates <c>Authorization: Bearer tsa_…</c> against the stored hash of the bootstrap admin token.
/// </summary>
public sealed class AdminTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDirectoryStore store)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TesseraAdminToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var presented = header["Bearer ".Length..].Trim();
        if (!presented.StartsWith(AdminToken.Prefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = await store.GetSettingAsync(AdminToken.HashSetting, Context.RequestAborted);
        if (hash is null || !AdminToken.Matches(presented, hash))
        {
            return AuthenticateResult.Fail("The admin token is not valid.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(AccessClaims.Role, AccessClaims.AdminRole), new Claim(ClaimTypes.Name, "admin")], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(401, "Unauthorized",
            "Send the admin token as 'Authorization: Bearer tsa_…' (the CLI reads it from the data folder's " +
            "admin-token file).");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(403, "Forbidden", "This credential may not perform this operation.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(detail, statusCode: status, title: title).ExecuteAsync(Context);
    }
}
