namespace Tessera.Agent;

/// <summary>A workload token and its validity, as the agent writes it to the token file.</summary>
public sealed record WorkloadToken(string Token, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)
{
    public TimeSpan Lifetime => ExpiresAt - IssuedAt;
}

/// <summary>Where the agent gets fresh workload tokens from.</summary>
public interface IWorkloadTokenSource
{
    Task<WorkloadToken> GetAsync(CancellationToken cancellationToken);
}
