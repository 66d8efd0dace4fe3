using System.CommandLine;
using Tessera.Webhook.Install;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera install</c>: prints the manifests that deploy Tessera, for <c>kubectl apply -f -</c>.</summary>
internal static class InstallCommand
{
    public static Command Create()
    {
        var defaults = new InstallOptions();
        var ns = new Option<string>("--namespace", "-n")
        {
            Description = "Namespace to deploy into",
            DefaultValueFactory = _ => defaults.Namespace,
        };
        var replicas = new Option<int>("--replicas")
        {
            Description = "Server replicas",
            DefaultValueFactory = _ => defaults.Replicas,
        };
        var image = new Option<string>("--image")
        {
            Description = "Image with the tessera command, for the server and the injected agent sidecar",
            DefaultValueFactory = _ => defaults.Image,
        };
        var store = new Option<string>("--store")
        {
            Description = "Directory store: sqlite (one replica, on a persistent volume) or postgres (external, shared by every replica)",
            DefaultValueFactory = _ => defaults.Store,
        };
        var storeSecret = new Option<string?>("--store-secret")
        {
            Description = "Secret whose connection-string key the server gets as TESSERA_STORE_CONNECTION",
        };
        var keyEncryptionKeySecret = new Option<string?>("--key-encryption-key-secret")
        {
            Description = "Secret whose key-encryption-key key (32 random bytes, base64) encrypts signing keys at rest " +
                "(required with --store postgres)",
        };
        var publicUrl = new Option<string?>("--public-url")
        {
            Description = "URL workloads reach Tessera at (default: https://tessera.NAMESPACE.svc)",
        };
        var certificate = new Option<FileInfo>("--tls-certificate")
        {
            Description = "PEM certificate to serve (default: generate one)",
        };
        var key = new Option<FileInfo>("--tls-key") { Description = "PEM private key of --tls-certificate" };
        var caBundle = new Option<FileInfo>("--ca-bundle")
        {
            Description = "PEM CA bundle that verifies --tls-certificate; becomes the webhook's caBundle",
        };
        foreach (var file in new[] { certificate, key, caBundle })
        {
            file.AcceptExistingOnly();
        }

        var caConfigMap = new Option<string?>("--ca-configmap")
        {
            Description = "ConfigMap in each workload namespace whose ca.crt injected pods mount to trust Tessera",
        };

        var install = new Command("install",
            "Print the Kubernetes manifests that deploy Tessera and its pod webhook; apply with 'kubectl apply -f -'.")
        {
            ns, replicas, image, store, storeSecret, keyEncryptionKeySecret, publicUrl, certificate, key, caBundle, caConfigMap,
        };
        install.SetAction(result =>
        {
            var options = new InstallOptions
            {
                Namespace = result.GetValue(ns)!,
                Replicas = result.GetValue(replicas),
                Image = result.GetValue(image)!,
                Store = result.GetValue(store)!,
                StoreSecret = result.GetValue(storeSecret),
                KeyEncryptionKeySecret = result.GetValue(keyEncryptionKeySecret),
                PublicUrl = result.GetValue(publicUrl),
                CaConfigMap = result.GetValue(caConfigMap),
            };
            var files = new[] { result.GetValue(certificate), result.GetValue(key), result.GetValue(caBundle) };
            var problems = options.Validate().ToList();
            if (files.Any(f => f is null) && files.Any(f => f is not null))
            {
                problems.Add("--tls-certificate, --tls-key and --ca-bundle go together; give all three or none.");
            }

            if (problems.Count > 0)
            {
                problems.ForEach(p => Console.Error.WriteLine($"error: {p}"));
                return 2;
            }

            var tls = files[0] is null
                ? ServingCertificate.Generate(options.DnsNames(), TimeProvider.System)
                : ServingCertificate.Load(files[0]!.FullName, files[1]!.FullName, files[2]!.FullName);
            foreach (var warning in options.Warnings())
            {
                Console.Error.WriteLine($"warning: {warning}");
            }

            Console.Out.Write(InstallManifests.ToYaml(InstallManifests.Build(options, tls)));
            return 0;
        });
        return install;
    }
}
