using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Models;
using Tessera.Testing;
using Tessera.Webhook.Install;

namespace Tessera.Webhook.Tests;

/// <summary>The manifests of <c>tessera install</c>, parsed back from their YAML into Kubernetes objects.</summary>
public sealed class InstallManifestTests
{
    private static List<object> Parse(InstallOptions options, ServingCertificate? tls = null)
    {
        tls ??= ServingCertificate.Generate(options.DnsNames(), TimeProvider.System);
        var yaml = InstallManifests.ToYaml(InstallManifests.Build(options, tls));
        return KubernetesYaml.LoadAllFromString(yaml, strict: true);
    }

    private static T Single<T>(List<object> objects) => Assert.Single(objects.OfType<T>());

    [Fact]
    public void Output_parses_into_the_objects_in_apply_order()
    {
        var objects = Parse(new InstallOptions());

        Assert.Equal(
            ["Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Secret", "PersistentVolumeClaim",
                "Deployment", "PodDisruptionBudget", "Service", "MutatingWebhookConfiguration"],
            objects.Cast<IKubernetesObject>().Select(o => o.Kind));
    }

    [Fact]
    public void Webhook_configuration_matches_the_workload_identity_contract()
    {
        var webhook = Single<V1MutatingWebhookConfiguration>(Parse(new InstallOptions { Namespace = "identity" })).Webhooks.Single();

        Assert.Equal("Fail", webhook.FailurePolicy);
        Assert.Equal("IfNeeded", webhook.ReinvocationPolicy);
        Assert.Equal("None", webhook.SideEffects);
        Assert.Equal(["v1", "v1beta1"], webhook.AdmissionReviewVersions);
        Assert.Equal("true", webhook.ObjectSelector.MatchLabels["azure.workload.identity/use"]);
        var rule = Assert.Single(webhook.Rules);
        Assert.Equal([""], rule.ApiGroups);
        Assert.Equal(["pods"], rule.Resources);
        Assert.Equal(["CREATE"], rule.Operations);
        Assert.Equal("tessera", webhook.ClientConfig.Service.Name);
        Assert.Equal("identity", webhook.ClientConfig.Service.NamespaceProperty);
        Assert.Equal("/mutate-v1-pod", webhook.ClientConfig.Service.Path);
    }

    [Fact]
    public void Ca_bundle_verifies_the_certificate_the_server_serves()
    {
        var objects = Parse(new InstallOptions());

        var caBundle = Single<V1MutatingWebhookConfiguration>(objects).Webhooks.Single().ClientConfig.CaBundle;
        var secret = Single<V1Secret>(objects);
        Assert.Equal("kubernetes.io/tls", secret.Type);
        using var served = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(secret.Data["tls.crt"]));
        using var ca = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(caBundle));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(served));
        Assert.Contains("tessera.tessera.svc", served.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
    }

    [Fact]
    public void Given_certificate_and_ca_file_are_used()
    {
        using var testCa = new TestCertificateAuthority();
        using var issued = testCa.IssueServerCertificate();
        var (certificateFile, keyFile) = (Path.GetTempFileName(), Path.GetTempFileName());
        File.WriteAllText(certificateFile, issued.ExportCertificatePem());
        File.WriteAllText(keyFile, issued.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        try
        {
            var tls = ServingCertificate.Load(certificateFile, keyFile, testCa.PemPath);

            var objects = Parse(new InstallOptions(), tls);

            var caBundle = Single<V1MutatingWebhookConfiguration>(objects).Webhooks.Single().ClientConfig.CaBundle;
            Assert.Equal(File.ReadAllText(testCa.PemPath), Encoding.ASCII.GetString(caBundle));
        }
        finally
        {
            File.Delete(certificateFile);
            File.Delete(keyFile);
        }
    }

    [Fact]
    public void Certificate_not_issued_by_the_ca_file_is_refused()
    {
        using var issuer = new TestCertificateAuthority();
        using var stranger = new TestCertificateAuthority();
        using var issued = issuer.IssueServerCertificate();
        var (certificateFile, keyFile) = (Path.GetTempFileName(), Path.GetTempFileName());
        File.WriteAllText(certificateFile, issued.ExportCertificatePem());
        File.WriteAllText(keyFile, issued.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        try
        {
            var error = Assert.Throws<ArgumentException>(() => ServingCertificate.Load(certificateFile, keyFile, stranger.PemPath));

            Assert.Contains($"is not verified by the CA bundle '{stranger.PemPath}'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(certificateFile);
            File.Delete(keyFile);
        }
    }

    [Fact]
    public void Server_runs_two_replicas_with_a_disruption_budget()
    {
        var objects = Parse(new InstallOptions());

        var deployment = Single<V1Deployment>(objects);
        Assert.Equal(2, deployment.Spec.Replicas);
        var budget = Single<V1PodDisruptionBudget>(objects);
        Assert.Equal("1", budget.Spec.MaxUnavailable.Value);
        Assert.Equal(deployment.Spec.Selector.MatchLabels, budget.Spec.Selector.MatchLabels);
        Assert.Equal(deployment.Spec.Template.Metadata.Labels, Single<V1Service>(objects).Spec.Selector);
    }

    [Fact]
    public void Server_is_told_its_public_url_certificate_and_agent_image()
    {
        var options = new InstallOptions { Namespace = "identity", Image = "registry.example/tessera:2.0", CaConfigMap = "tessera-ca" };

        var container = Single<V1Deployment>(Parse(options)).Spec.Template.Spec.Containers.Single();

        Assert.Equal("registry.example/tessera:2.0", container.Image);
        Assert.Equal(["tessera"], container.Command);
        var args = string.Join(' ', container.Args);
        Assert.Contains("serve --host 0.0.0.0 --port 8443 --public-url https://tessera.identity.svc", args, StringComparison.Ordinal);
        Assert.Contains("--certificate /etc/tessera/tls/tls.crt --certificate-key /etc/tessera/tls/tls.key", args, StringComparison.Ordinal);
        Assert.Contains("--webhook-authority-host https://tessera.identity.svc/", args, StringComparison.Ordinal);
        Assert.Contains("--webhook-agent-image registry.example/tessera:2.0", args, StringComparison.Ordinal);
        Assert.Contains("--webhook-ca-configmap tessera-ca", args, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_is_live_while_it_answers_and_ready_while_its_store_and_keys_are()
    {
        var container = Single<V1Deployment>(Parse(new InstallOptions())).Spec.Template.Spec.Containers.Single();

        Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/readyz?exclude=store", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("HTTPS", container.ReadinessProbe.HttpGet.Scheme);
    }

    [Fact]
    public void Store_secret_becomes_the_connection_variable()
    {
        var container = Single<V1Deployment>(Parse(new InstallOptions { Store = "postgres", StoreSecret = "tessera-db" })).Spec.Template.Spec.Containers.Single();

        var variable = Assert.Single(container.Env);
        Assert.Equal("TESSERA_STORE_CONNECTION", variable.Name);
        Assert.Equal("tessera-db", variable.ValueFrom.SecretKeyRef.Name);
        Assert.Equal("connection-string", variable.ValueFrom.SecretKeyRef.Key);
    }

    [Fact]
    public void Access_is_limited_to_reading_service_accounts()
    {
        var objects = Parse(new InstallOptions());

        var rule = Assert.Single(Single<V1ClusterRole>(objects).Rules);
        Assert.Equal([""], rule.ApiGroups);
        Assert.Equal(["serviceaccounts"], rule.Resources);
        Assert.Equal(["get", "list", "watch"], rule.Verbs);
        var subject = Assert.Single(Single<V1ClusterRoleBinding>(objects).Subjects);
        Assert.Equal(("ServiceAccount", "tessera", "tessera"), (subject.Kind, subject.Name, subject.NamespaceProperty));
        Assert.Equal("tessera", Single<V1Deployment>(objects).Spec.Template.Spec.ServiceAccountName);
    }

    [Theory]
    [InlineData("Bad_Namespace", 2, "sqlite", "--namespace 'Bad_Namespace' is not a namespace name")]
    [InlineData("tessera", 0, "sqlite", "--replicas 0 is outside 1-50.")]
    [InlineData("tessera", 1, "sqlite-with-secret", "--store-secret 'tessera-db' goes with --store postgres")]
    [InlineData("tessera", 2, "mysql", "--store 'mysql' is not a store Tessera has; use sqlite (one replica, a persistent volume) or postgres")]
    public void Bad_options_are_named(string ns, int replicas, string store, string problem)
    {
        var options = store == "sqlite-with-secret"
            ? new InstallOptions { Namespace = ns, Replicas = replicas, StoreSecret = "tessera-db" }
            : new InstallOptions { Namespace = ns, Replicas = replicas, Store = store };

        var problems = options.Validate();

        Assert.StartsWith(problem, Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_store_shares_one_database_with_no_volume_and_takes_its_secrets_as_variables()
    {
        var options = new InstallOptions
        {
            Replicas = 3, Store = "postgres", StoreSecret = "tessera-db", KeyEncryptionKeySecret = "tessera-kek",
        };

        var objects = Parse(options);

        Assert.Empty(objects.OfType<V1PersistentVolumeClaim>());
        var deployment = Single<V1Deployment>(objects);
        Assert.Equal(3, deployment.Spec.Replicas);
        Assert.Equal("RollingUpdate", deployment.Spec.Strategy.Type);
        Assert.Equal(("1", "0"), (deployment.Spec.Strategy.RollingUpdate.MaxSurge.Value, deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value));
        Assert.NotNull(Assert.Single(deployment.Spec.Template.Spec.Volumes, v => v.Name == "data").EmptyDir);
        var container = deployment.Spec.Template.Spec.Containers.Single();
        Assert.Contains("--store postgres", string.Join(' ', container.Args), StringComparison.Ordinal);
        Assert.Equal(
            [("TESSERA_STORE_CONNECTION", "tessera-db", "connection-string"),
                ("TESSERA_KEY_ENCRYPTION_KEY", "tessera-kek", "key-encryption-key")],
            container.Env.Select(v => (v.Name, v.ValueFrom.SecretKeyRef.Name, v.ValueFrom.SecretKeyRef.Key)));
        Assert.Empty(options.Warnings());
    }

    [Fact]
    public void Postgres_store_without_its_secrets_names_both()
    {
        var problems = new InstallOptions { Store = "postgres" }.Validate();

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("--store postgres needs --store-secret NAME", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("--store postgres needs --key-encryption-key-secret NAME", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_with_several_replicas_warns_and_points_to_postgres()
    {
        var warning = Assert.Single(new InstallOptions { Replicas = 2 }.Warnings());

        Assert.Contains("Use --replicas 1, or --store postgres.", warning, StringComparison.Ordinal);
        Assert.Contains("--store sqlite", string.Join(' ', Single<V1Deployment>(Parse(new InstallOptions())).Spec.Template.Spec.Containers.Single().Args), StringComparison.Ordinal);
    }
}
