using Tessera.Client;
using Tessera.Client.Contracts;

namespace Tessera.Agent;

/// <summary>Mints workload tokens through a hosted issuer's mint endpoint.</summary>
public sealed class AdminApiTokenSource(TesseraAdminClient client, string issuer, MintWorkloadTokenRequest request)
    : IWorkloadTokenSource
{
    public async Task<WorkloadToken> GetAsync(CancellationToken cancellationToken)
    {
        var minted = await client.MintWorkloadTokenAsync(issuer, request, cancellationToken);
        return new WorkloadToken(minted.Token, minted.IssuedAt, minted.ExpiresAt);
    }
}
