using k8s;
using k8s.Models;

namespace Tessera.Cli.Tests;

/// <summary><c>tessera install</c> as a user runs it, piping its output to <c>kubectl apply -f -</c>.</summary>
public sealed class InstallCommandTests
{
    [Fact]
    public async Task Install_prints_manifests_that_parse_as_kubernetes_objects()
    {
        var result = await CliProcess.RunAsync(["install", "--namespace", "identity", "--replicas", "1", "--image", "registry.example/tessera:1.0"]);

        Assert.True(result.ExitCode == 0, result.Error);
        var objects = KubernetesYaml.LoadAllFromString(result.Output, strict: true);
        Assert.Equal(10, objects.Count);
        var deployment = Assert.Single(objects.OfType<V1Deployment>());
        Assert.Equal(("identity", 1, "registry.example/tessera:1.0"),
            (deployment.Metadata.NamespaceProperty, deployment.Spec.Replicas, deployment.Spec.Template.Spec.Containers[0].Image));
        Assert.Single(objects.OfType<V1MutatingWebhookConfiguration>());
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Sqlite_with_several_replicas_is_warned_about_on_stderr()
    {
        var result = await CliProcess.RunAsync(["install"]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("warning: the sqlite store is one file on one ReadWriteOnce volume: 2 replicas", result.Error, StringComparison.Ordinal);
        Assert.StartsWith("apiVersion: v1\nkind: Namespace", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_without_its_key_and_ca_is_refused()
    {
        var result = await CliProcess.RunAsync(["install", "--tls-certificate", "/etc/hostname"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--tls-certificate, --tls-key and --ca-bundle go together", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }
}
