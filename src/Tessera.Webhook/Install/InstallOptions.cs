using Tessera.Webhook.Mutation;

namespace Tessera.Webhook.Install;

/// <summary>What <c>tessera install</c> deploys, and where.</summary>
public sealed record InstallOptions
{
    public string Namespace { get; init; } = "tessera";

    /// <summary>Replicas of the server (STS, issuers, webhook); a disruption budget keeps all but one up.</summary>
    public int Replicas { get; init; } = 2;

    /// <summary>The image holding the <c>tessera</c> command, for the server and the injected agent sidecar.</summary>
    public string Image { get; init; } = "tessera:latest";

    /// <summary>The directory store; <c>sqlite</c> (a file on a persistent volume) is the one there is today.</summary>
    public string Store { get; init; } = "sqlite";

    /// <summary>A Secret whose <c>connection-string</c> key is given to the server as the store's connection.</summary>
    public string? StoreSecret { get; init; }

    /// <summary>The URL workloads reach Tessera at; by default its Service's in-cluster name.</summary>
    public string? PublicUrl { get; init; }

    /// <summary>Passed on as the webhook's <c>--webhook-ca-configmap</c>: the CA pods mount to trust Tessera.</summary>
    public string? CaConfigMap { get; init; }

    public const string Name = "tessera";

    public const int Port = 8443;

    /// <summary>The Service's in-cluster URL, which is the default public URL.</summary>
    public string ServiceUrl => $"https://{Name}.{Namespace}.svc";

    public string EffectivePublicUrl => PublicUrl ?? ServiceUrl;

    /// <summary>The names the serving certificate must cover: the Service's, and the public URL's host.</summary>
    public IReadOnlyList<string> DnsNames()
    {
        var service = $"{Name}.{Namespace}.svc";
        var names = new List<string> { Name, $"{Name}.{Namespace}", service, $"{service}.cluster.local" };
        var publicHost = new Uri(EffectivePublicUrl).Host;
        if (!names.Contains(publicHost))
        {
            names.Add(publicHost);
        }

        return names;
    }

    /// <summary>Every problem with these options, each naming the flag, the value and what is expected.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Namespace.Length > 63 || !KubernetesNames.IsDnsSubdomain(Namespace)
            || Namespace.Contains('.', StringComparison.Ordinal))
        {
            problems.Add($"--namespace '{Namespace}' is not a namespace name; use up to 63 lowercase letters, " +
                "digits and '-'.");
        }

        if (Replicas is < 1 or > 50)
        {
            problems.Add($"--replicas {Replicas} is outside 1-50.");
        }

        if (Store != "sqlite")
        {
            problems.Add($"--store '{Store}' is not a store Tessera has; the one store today is 'sqlite'.");
        }

        if (StoreSecret is { } secret && !KubernetesNames.IsDnsSubdomain(secret))
        {
            problems.Add($"--store-secret '{secret}' is not a Secret name; use lowercase letters, digits, '-', '.'.");
        }

        if (PublicUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            || parsed.Scheme != Uri.UriSchemeHttps || parsed.AbsolutePath != "/"))
        {
            problems.Add($"--public-url '{url}' must be an https origin without a path, such as " +
                "https://tessera.example.");
        }

        if (CaConfigMap is { } configMap && !KubernetesNames.IsDnsSubdomain(configMap))
        {
            problems.Add($"--ca-configmap '{configMap}' is not a ConfigMap name; use lowercase letters, digits, " +
                "'-' and '.'.");
        }

        return problems;
    }

    /// <summary>What works but is likely not what the operator wants.</summary>
    public IReadOnlyList<string> Warnings() => Store == "sqlite" && Replicas > 1
        ?
        [
            $"the sqlite store is one file on one ReadWriteOnce volume: {Replicas} replicas can share it only on one " +
            "node, and a replica scheduled elsewhere waits for the volume. Use --replicas 1 until a shared store " +
            "exists.",
        ]
        : [];
}
