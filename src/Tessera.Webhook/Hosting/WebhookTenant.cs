namespace Tessera.Webhook.Hosting;

/// <summary>
/// The tenant injected for service accounts without a tenant-id annotation: the configured one, else the host's
/// default tenant, asked once and remembered (it never changes once created).
/// </summary>
public sealed class WebhookTenant(string? configured, Func<CancellationToken, Task<string>>? hostDefault)
{
    private string? _resolved = configured;

    public async ValueTask<string?> GetAsync(CancellationToken cancellationToken)
    {
        if (_resolved is null && hostDefault is not null)
        {
            _resolved = await hostDefault(cancellationToken);
        }

        return _resolved;
    }
}
