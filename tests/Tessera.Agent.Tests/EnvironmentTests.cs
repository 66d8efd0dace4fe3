namespace Tessera.Agent.Tests;

public sealed class EnvironmentTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tessera-trust-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Workload_variables_are_those_the_azure_sdks_read()
    {
        var clientId = Guid.NewGuid();
        var tenantId = Guid.NewGuid();

        var variables = WorkloadEnvironment.For(clientId, tenantId, "/run/token", new Uri("https://127.0.0.1:8443"));

        Assert.Equal(clientId.ToString(), variables["AZURE_CLIENT_ID"]);
        Assert.Equal(tenantId.ToString(), variables["AZURE_TENANT_ID"]);
        Assert.Equal("/run/token", variables["AZURE_FEDERATED_TOKEN_FILE"]);
        Assert.Equal("https://127.0.0.1:8443/", variables["AZURE_AUTHORITY_HOST"]);
    }

    [Fact]
    public void Trust_bundle_adds_the_ca_to_the_system_roots_instead_of_replacing_them()
    {
        var ca = Path.Combine(_folder.FullName, "ca.pem");
        File.WriteAllText(ca, "-----BEGIN CERTIFICATE-----\nTESSERA\n-----END CERTIFICATE-----\n");

        var variables = TrustBundle.Prepare(ca, _folder.FullName);
        var bundle = File.ReadAllText(variables["SSL_CERT_FILE"]);
        var system = File.ReadAllText("/etc/ssl/certs/ca-certificates.crt").TrimEnd();

        Assert.StartsWith(system, bundle, StringComparison.Ordinal);
        Assert.EndsWith("TESSERA\n-----END CERTIFICATE-----\n", bundle, StringComparison.Ordinal);
        Assert.Equal(variables["SSL_CERT_FILE"], variables["REQUESTS_CA_BUNDLE"]);
        Assert.Equal(ca, variables["NODE_EXTRA_CA_CERTS"]);
    }
}
