using Tessera.Domain.SignIns;
using Tessera.Sts.Exchange;

namespace Tessera.Sts.SignIns;

/// <summary>Turns the outcome of an exchange into its sign-in record.</summary>
public static class SignInRecords
{
    public static SignInRecord From(
        ExchangeOutcome outcome, DateTimeOffset time, string correlationId, string traceId, string? clientAddress,
        TimeSpan duration)
    {
        var facts = outcome.Facts;
        return new SignInRecord
        {
            // Time-ordered, so each insert lands at the end of the primary key's index instead of a random page.
            Id = Guid.CreateVersion7(time),
            Time = time,
            TenantId = facts.Tenant?.Id,
            ClientId = facts.Identity?.ClientId,
            IdentityName = facts.Identity?.Name,
            CredentialName = facts.Credential?.Name,
            Issuer = facts.Issuer,
            Subject = facts.Subject,
            Audience = facts.Audience,
            Resource = facts.Resource,
            Outcome = outcome.Error is null ? SignInOutcomes.Success : SignInOutcomes.Failure,
            ErrorCode = outcome.Error?.Code,
            ErrorDescription = outcome.Error?.Description,
            CorrelationId = correlationId,
            TraceId = traceId,
            TokenId = outcome.Token?.TokenId,
            ClientAddress = clientAddress,
            DurationMilliseconds = Math.Round(duration.TotalMilliseconds, 3),
        };
    }
}
