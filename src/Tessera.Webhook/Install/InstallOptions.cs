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

    /// <summary>The directory store: <c>sqlite</c> (a file on one persistent volume, so one node) or <c>postgres</c>
    /// (an external database every replica shares).</summary>
    public string Store { get; init; } = "sqlite";

    /// <summary>A Secret whose <c>connection-string</c> key is given to the server as the store's connection.</summary>
    public string? StoreSecret { get; init; }

    /// <summary>A Secret whose <c>key-encryption-key</c> key (32 random bytes, base64) encrypts the private signing
    /// keys in the store; required with <c>postgres</c>, whose backups leave the cluster.</summary>
    public string? KeyEncryptionKeySecret { get; init; }

    public bool SharedStore => Store == "postgres";

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

        if (Store is not ("sqlite" or "postgres"))
        {
            problems.Add($"--store '{Store}' is not a store Tessera has; use sqlite (one replica, a persistent " +
                "volume) or postgres (an external database, any number of replicas).");
        }
        else if (SharedStore && StoreSecret is null)
        {
            problems.Add("--store postgres needs --store-secret NAME: a Secret in the namespace whose " +
                "connection-string key holds the Npgsql connection string, for example " +
                "'Host=db.example;Database=tessera;Username=tessera;Password=...;SSL Mode=VerifyFull'.");
        }

        if (Store == "sqlite" && StoreSecret is not null)
        {
            problems.Add($"--store-secret '{StoreSecret}' goes with --store postgres; the sqlite store has no " +
                "connection string. Add --store postgres, or leave --store-secret out.");
        }

        if (SharedStore && KeyEncryptionKeySecret is null)
        {
            problems.Add("--store postgres needs --key-encryption-key-secret NAME: a Secret whose key-encryption-key " +
                "key holds 32 random bytes in base64 (head -c 32 /dev/urandom | base64). It encrypts the signing " +
                "keys in the database; keep a copy apart from the database's backups.");
        }

        foreach (var (flag, secret) in new[] { ("--store-secret", StoreSecret), ("--key-encryption-key-secret", KeyEncryptionKeySecret) })
        {
            if (secret is not null && !KubernetesNames.IsDnsSubdomain(secret))
            {
                problems.Add($"{flag} '{secret}' is not a Secret name; use lowercase letters, digits, '-', '.'.");
            }
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
            "node, and a replica scheduled elsewhere waits for the volume. Use --replicas 1, or --store postgres.",
        ]
        : [];
}
