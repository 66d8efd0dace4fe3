using System.Text;
using Tessera.Client.Files;

namespace Tessera.Agent;

/// <summary>
/// Makes a child process trust Tessera's CA in addition to everything the system trusts, for .NET, Python and
/// curl (a combined bundle, since they read one file) and Node (which adds a file to its built-in roots).
/// </summary>
public static class TrustBundle
{
    private static readonly string[] s_systemBundles =
    [
        "/etc/ssl/certs/ca-certificates.crt",
        "/etc/pki/tls/certs/ca-bundle.crt",
        "/etc/ssl/ca-bundle.pem",
        "/etc/ssl/cert.pem",
    ];

    /// <summary>Writes the combined bundle into <paramref name="directory"/> and returns the variables to set.</summary>
    public static IReadOnlyDictionary<string, string> Prepare(string caFile, string directory)
    {
        var combined = new StringBuilder();
        var system = Environment.GetEnvironmentVariable("SSL_CERT_FILE") is { } current && File.Exists(current)
            ? current
            : s_systemBundles.FirstOrDefault(File.Exists);
        if (system is not null)
        {
            combined.Append(File.ReadAllText(system).TrimEnd()).Append('\n');
        }

        combined.Append(File.ReadAllText(caFile).TrimEnd()).Append('\n');
        var bundle = Path.Combine(directory, "ca-bundle.pem");
        PrivateFiles.Write(bundle, Encoding.ASCII.GetBytes(combined.ToString()));

        return new Dictionary<string, string>
        {
            ["SSL_CERT_FILE"] = bundle,
            ["REQUESTS_CA_BUNDLE"] = bundle,
            ["CURL_CA_BUNDLE"] = bundle,
            ["NODE_EXTRA_CA_CERTS"] = caFile,
        };
    }
}
