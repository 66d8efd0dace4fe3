using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tessera.Webhook.ServiceAccounts;

namespace Tessera.Webhook.Hosting;

/// <summary>Registers the admission webhook.</summary>
public static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// Registers the webhook and its watch of service accounts when <see cref="WebhookOptions.Kubernetes"/> gives
    /// access to a cluster; without it registers nothing, and <see cref="WebhookEndpoints.MapWebhookEndpoints"/>
    /// maps nothing.
    /// </summary>
    /// <param name="defaultTenant">The host's default tenant ID, for when no tenant is configured.</param>
    public static IServiceCollection AddWebhook(
        this IServiceCollection services,
        WebhookOptions options,
        Func<IServiceProvider, CancellationToken, Task<string>>? defaultTenant = null)
    {
        if (options.Kubernetes is not { } access)
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(sp => new WebhookTenant(
            options.TenantId, defaultTenant is null ? null : ct => defaultTenant(sp, ct)));
        services.AddSingleton<IKubernetes>(_ => new Kubernetes(access.BuildConfiguration()));
        services.AddSingleton<KubernetesServiceAccountCache>();
        services.AddHostedService(sp => sp.GetRequiredService<KubernetesServiceAccountCache>());
        services.AddSingleton<IServiceAccountSource>(sp => sp.GetRequiredService<KubernetesServiceAccountCache>());
        services.AddSingleton<PodAdmission>();
        return services;
    }
}
