using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tessera.Domain.FederatedCredentials;
using Tessera.Domain.Identities;
using Tessera.Domain.Roles;
using Tessera.Domain.Rules;
using Tessera.Keys.Telemetry;
using Tessera.Storage;
using Tessera.Sts.AccessTokens;
using Tessera.Sts.Errors;
using Tessera.Sts.Federation;
using Tessera.Sts.Replay;
using Tessera.Sts.Requests;
using Tessera.Sts.Roles;
using Tessera.Tokens.Assertions;

namespace Tessera.Sts.Exchange;

/// <summary>
/// The token exchange, step by step: tenant, request, client, assertion shape, federated credential, issuer keys,
/// signature and times, resource, access token. Each step either passes or ends the exchange with the Entra
/// error for it.
/// </summary>
public sealed partial class TokenExchange(
    IDirectoryStore store,
    IIssuerKeySource issuerKeys,
    AssertionValidator validator,
    AccessTokenMinter minter,
    AssertionReplayGuard replay,
    RoleCache roles,
    StsUrls urls,
    StsOptions options,
    ILogger<TokenExchange> logger)
{
    public async Task<ExchangeOutcome> ExchangeAsync(
        string tenantReference, IFormCollection form, int version, CancellationToken cancellationToken)
    {
        using var activity = TesseraActivities.Source.StartActivity("tessera.sts.exchange");
        var outcome = await RunAsync(tenantReference, form, version, cancellationToken);
        var facts = outcome.Facts;
        activity?.SetTag("tessera.client_id", facts.Identity?.ClientId.ToString());
        activity?.SetTag("tessera.issuer", facts.Issuer is null ? null : Printable.Quote(facts.Issuer));
        activity?.SetTag("tessera.outcome", outcome.Error is null ? "success" : "failure");
        if (outcome.Error is { } error)
        {
            activity?.SetTag("tessera.error_code", error.Code);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, $"AADSTS{error.Code}");
            // Issuer and subject may come from an unverified token: escaped, so they cannot forge log lines.
            LogRefused(logger, error.Code, facts.Identity?.ClientId, Quote(facts.Issuer), Quote(facts.Subject),
                Printable.Quote(error.Description, 2000));
        }
        else
        {
            LogIssued(logger, facts.Identity!.ClientId, facts.Issuer!, facts.Subject!, facts.Resource!);
        }

        return outcome;
    }

    private async Task<ExchangeOutcome> RunAsync(
        string tenantReference, IFormCollection form, int version, CancellationToken cancellationToken)
    {
        var facts = new ExchangeFacts();
        var tenant = await store.FindTenantAsync(tenantReference, cancellationToken);
        if (tenant is null)
        {
            return Refuse(90002, $"Tenant '{Shorten(tenantReference)}' does not exist. Use the tenant ID Tessera " +
                "printed at start-up, or see 'tessera tenant list'.", facts);
        }

        facts = facts with { Tenant = tenant };
        if (!TokenRequestReader.TryRead(form, version, out var request, out var requestError))
        {
            return ExchangeOutcome.Refused(requestError!, facts);
        }

        var identity = await store.FindIdentityAsync(request!.ClientId, cancellationToken);
        if (identity is null || identity.TenantId != tenant.Id)
        {
            return Refuse(700016, $"No identity with client ID '{request.ClientId}' exists in tenant '{tenant.Name}' " +
                $"({tenant.Id}). Check AZURE_CLIENT_ID and AZURE_TENANT_ID.", facts);
        }

        facts = facts with { Identity = identity, Resource = request.Resource };
        return await AuthenticateAsync(request, identity, facts, cancellationToken);
    }

    private async Task<ExchangeOutcome> AuthenticateAsync(
        TokenRequest request, Identity identity, ExchangeFacts facts, CancellationToken cancellationToken)
    {
        ParsedAssertion assertion;
        try
        {
            assertion = AssertionParser.Parse(request.ClientAssertion, validator.Limits);
        }
        catch (AssertionRejectedException ex)
        {
            return Refuse(50027, $"The client assertion is not a valid JWT: {ex.Message}", facts);
        }

        facts = facts with { Issuer = assertion.Issuer, Subject = assertion.Subject, Audience = assertion.Audiences[0] };
        if (urls.IsOwnIssuer(assertion.Issuer))
        {
            return Refuse(700222, $"The client assertion was issued by this STS ('{assertion.Issuer}'). An access " +
                "token cannot be exchanged for another; send a workload token from an external issuer.", facts);
        }

        var credentials = await store.ListFederatedCredentialsAsync(identity.ClientId, cancellationToken);
        if (!FederatedCredentialMatcher.TryMatchIssuer(assertion, identity, credentials, out var byIssuer, out var issuerError))
        {
            return ExchangeOutcome.Refused(await ExplainIssuerMissAsync(assertion, identity, credentials, cancellationToken)
                ?? issuerError!, facts);
        }

        // From here on the assertion is verified to come from a trusted issuer, so errors may describe the
        // identity's configuration to its sender.
        var verifyError = await VerifyAsync(assertion, cancellationToken);
        if (verifyError is not null)
        {
            return ExchangeOutcome.Refused(verifyError, facts);
        }

        if (!FederatedCredentialMatcher.TryMatchAudienceAndSubject(assertion, identity, byIssuer, out var credential, out var matchError))
        {
            return ExchangeOutcome.Refused(matchError!, facts);
        }

        facts = facts with { Credential = credential, Audience = credential!.Audience };
        var settings = await replay.SettingsAsync(assertion.Issuer, cancellationToken);
        if (AssertionReplayGuard.CheckJwtId(assertion, settings) is { } jwtIdError)
        {
            return ExchangeOutcome.Refused(jwtIdError, facts);
        }

        return await IssueAsync(request, identity, facts, () => replay.RecordUseAsync(assertion, settings, cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// When the assertion's issuer is a near miss of a configured one (trailing slash, letter case) and the
    /// assertion really is signed by it, the precise 700211 that says so; else null. The near miss bounds what is
    /// fetched to the administrator's own issuer, give or take a slash.
    /// </summary>
    private async Task<StsError?> ExplainIssuerMissAsync(
        ParsedAssertion assertion, Identity identity, IReadOnlyList<FederatedCredential> credentials, CancellationToken cancellationToken)
    {
        var nearMiss = FederatedCredentialMatcher.NearMissIssuer(assertion, credentials);
        if (nearMiss is null)
        {
            return null;
        }

        return await VerifyAsync(assertion, cancellationToken) is null
            ? FederatedCredentialMatcher.NearMissError(assertion, identity, nearMiss)
            : null;
    }

    private async Task<StsError?> VerifyAsync(ParsedAssertion assertion, CancellationToken cancellationToken)
    {
        try
        {
            var keys = await issuerKeys.GetKeysAsync(assertion.Issuer, assertion.KeyId, cancellationToken);
            validator.VerifySignature(assertion, keys, options.IssuerAlgorithms);
            validator.CheckTimes(assertion);
            return null;
        }
        catch (IssuerFetchException ex)
        {
            return StsError.Of(ex.Unreachable ? 90061 : 501661,
                $"Tessera could not obtain the signing keys of issuer '{assertion.Issuer}': {ex.Message}" +
                (ex.Unreachable
                    ? " If Tessera cannot reach this issuer by design (a private cluster), upload its key set " +
                      $"instead: tessera static-keys set --issuer '{assertion.Issuer}' --jwks-file FILE."
                    : ""));
        }
        catch (AssertionRejectedException ex)
        {
            var code = ex.Problem switch
            {
                AssertionProblem.Expired or AssertionProblem.NotYetValid => 700024,
                AssertionProblem.LifetimeTooLong => 70023,
                _ => 50027,
            };
            return StsError.Of(code, ex.Message);
        }
    }

    /// <param name="recordUse">Records the assertion's use (replay protection) once the request is known to be
    /// answerable, so a refused request does not use the assertion up.</param>
    private async Task<ExchangeOutcome> IssueAsync(TokenRequest request, Identity identity, ExchangeFacts facts,
        Func<Task<StsError?>> recordUse, CancellationToken cancellationToken)
    {
        if (request.Resource == TesseraRoles.AdminResource)
        {
            if (await recordUse() is { } adminReplayError)
            {
                return ExchangeOutcome.Refused(adminReplayError, facts);
            }

            // Tessera's own admin API: the roles are the identity's Tessera roles on its tenant.
            var adminRoles = await roles.GetAsync(identity.PrincipalId, null, cancellationToken);
            return new ExchangeOutcome(
                await minter.MintAsync(identity, request.Resource, 2, adminRoles, cancellationToken), null, facts);
        }

        var resource = await store.FindResourceAsync(identity.TenantId, request.Resource, cancellationToken);
        if (resource is null)
        {
            return Refuse(500011, $"The resource '{request.Resource}' is not registered in tenant " +
                $"'{facts.Tenant!.Name}' ({identity.TenantId}). Register it as an app registration with that " +
                $"identifier URI: tessera identity create NAME --kind {IdentityKinds.AppRegistration} " +
                $"--identifier-uri '{request.Resource}'.", facts);
        }

        if (await recordUse() is { } replayError)
        {
            return ExchangeOutcome.Refused(replayError, facts);
        }

        var held = await roles.GetAsync(identity.PrincipalId, resource.ClientId, cancellationToken);
        var token = await minter.MintAsync(
            identity, request.Resource, resource.AccessTokenVersion, held, cancellationToken);
        return new ExchangeOutcome(token, null, facts);
    }

    private static ExchangeOutcome Refuse(int code, string description, ExchangeFacts facts) =>
        ExchangeOutcome.Refused(StsError.Of(code, description), facts);

    private static string? Quote(string? text) => text is null ? null : Printable.Quote(text);

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..61] + "...";

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "Token issued: identity {ClientId}, issuer {Issuer}, subject {Subject}, resource {Resource}")]
    private static partial void LogIssued(ILogger logger, Guid clientId, string issuer, string subject, string resource);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Token refused with AADSTS{Code}: identity {ClientId}, issuer {Issuer}, subject {Subject}: {Reason}")]
    private static partial void LogRefused(
        ILogger logger, int code, Guid? clientId, string? issuer, string? subject, string reason);
}
