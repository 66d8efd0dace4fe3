using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tessera.Domain.Access;
using Tessera.Storage;
using Tessera.Tokens.Assertions;

namespace Tessera.Server.Admin;

/// <summary>
/// Authenticates <c>Authorization: Bearer …</c> carrying the admin token (role admin) or an agent credential
/// (role agent, with a grant to mint for its service accounts), by the stored hash; or an access token of this
/// server's STS for the admin API (role identity, with the Tessera roles the identity holds on its tenant now).
/// </summary>
public sealed class BearerSecretAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDirectoryStore store,
    IRoleStore roles,
    AdminAccessTokenValidator accessTokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TesseraBearerSecret";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var presented = header["Bearer ".Length..].Trim();
        if (presented.StartsWith(BearerSecrets.AdminPrefix, StringComparison.Ordinal))
        {
            return await AuthenticateAdminAsync(presented);
        }

        if (presented.StartsWith(BearerSecrets.AgentPrefix, StringComparison.Ordinal))
        {
            return await AuthenticateAgentAsync(presented);
        }

        return presented.Count(c => c == '.') == 2
            ? await AuthenticateAccessTokenAsync(presented)
            : AuthenticateResult.NoResult();
    }

    private async Task<AuthenticateResult> AuthenticateAccessTokenAsync(string presented)
    {
        AdminTokenSubject subject;
        try
        {
            subject = await accessTokens.ValidateAsync(presented, Context.RequestAborted);
        }
        catch (AssertionRejectedException ex)
        {
            return AuthenticateResult.Fail($"The access token is not valid: {ex.Message}");
        }

        // Roles are read now, not from the token: a removed assignment takes effect at once.
        var identity = await store.FindIdentityAsync(subject.ClientId, Context.RequestAborted);
        if (identity is null || identity.PrincipalId != subject.PrincipalId || identity.TenantId != subject.TenantId)
        {
            return AuthenticateResult.Fail("The access token's identity no longer exists.");
        }

        var held = await roles.ListRolesAsync(identity.PrincipalId, null, Context.RequestAborted);
        return Success([
            new Claim(AccessClaims.Role, AccessClaims.IdentityRole),
            new Claim(ClaimTypes.Name, $"identity '{identity.Name}' (client ID {identity.ClientId})"),
            new Claim(AdminCaller.TenantClaim, identity.TenantId.ToString()),
            .. held.Select(r => new Claim(AdminCaller.RoleClaim, r)),
        ]);
    }

    private async Task<AuthenticateResult> AuthenticateAdminAsync(string presented)
    {
        var hash = await store.GetSettingAsync(BearerSecrets.AdminHashSetting, Context.RequestAborted);
        if (hash is null || !BearerSecrets.Matches(presented, hash))
        {
            return AuthenticateResult.Fail("The admin token is not valid.");
        }

        return Success(new Claim(AccessClaims.Role, AccessClaims.AdminRole), new Claim(ClaimTypes.Name, "admin"));
    }

    private async Task<AuthenticateResult> AuthenticateAgentAsync(string presented)
    {
        // The lookup is by hash; the secret's 256 random bits make guessing a stored hash hopeless.
        var credential = await store.FindAgentCredentialAsync(BearerSecrets.Hash(presented), Context.RequestAborted);
        if (credential is null)
        {
            return AuthenticateResult.Fail("The agent credential is not valid or was deleted.");
        }

        return Success(
            new Claim(AccessClaims.Role, AccessClaims.AgentRole),
            new Claim(ClaimTypes.Name, $"agent {credential.Id}"),
            new Claim(AccessClaims.MintGrant, AccessClaims.Grant(credential.Issuer, credential.ServiceAccounts)));
    }

    private static AuthenticateResult Success(params IEnumerable<Claim> claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await WriteProblemAsync(401, "Unauthorized",
            "Send the admin token, an access token of this server's STS for api://tessera-admin (or, to mint tokens, " +
            "an agent credential) as 'Authorization: Bearer …'; the CLI reads the admin token from the data folder's " +
            "admin-token file, or a token from --token-file or $TESSERA_TOKEN." +
            (failure is null ? "" : " " + failure));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(403, "Forbidden", "This credential may not perform this operation.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(detail, statusCode: status, title: title).ExecuteAsync(Context);
    }
}
