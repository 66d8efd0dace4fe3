using System.Net;
using Tessera.Agent.ManagedIdentity;

namespace Tessera.Agent.Tests.ManagedIdentity;

/// <summary>The secret, the listen address and the sidecar's variables, checked before anything listens.</summary>
public sealed class EndpointSetupTests
{
    private static readonly Dictionary<string, string> s_sidecar = new()
    {
        ["AZURE_CLIENT_ID"] = "11111111-1111-1111-1111-111111111111",
        ["AZURE_TENANT_ID"] = "22222222-2222-2222-2222-222222222222",
        ["AZURE_FEDERATED_TOKEN_FILE"] = "/var/run/secrets/azure/tokens/azure-identity-token",
        ["AZURE_AUTHORITY_HOST"] = "https://tessera.tessera.svc/",
        ["IDENTITY_HEADER"] = "0123456789abcdef0123456789abcdef01234567",
    };

    [Fact]
    public void New_secret_is_32_random_bytes_in_hex()
    {
        var first = IdentityHeaderSecret.New();
        var second = IdentityHeaderSecret.New();

        Assert.Matches("^[0-9a-f]{64}$", first.Value);
        Assert.NotEqual(first.Value, second.Value);
        Assert.Equal("(identity header secret)", first.ToString());
    }

    [Theory]
    [InlineData("0123456789abcdef", "0123456789abcdef", true)]
    [InlineData("0123456789abcdef", "0123456789abcdeF", false)]
    [InlineData("0123456789abcdef", "0123456789abcde", false)]
    [InlineData("0123456789abcdef", "", false)]
    [InlineData("0123456789abcdef", null, false)]
    public void Secret_matches_only_itself(string secret, string? presented, bool matches)
    {
        Assert.Equal(matches, IdentityHeaderSecret.From(secret, "test").Matches(presented));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("0123456789 abcdef")]
    [InlineData("0123456789abcdef\u00e9")]
    public void Secret_from_the_environment_must_be_long_printable_ascii(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => IdentityHeaderSecret.From(value, "$IDENTITY_HEADER"));

        Assert.StartsWith($"$IDENTITY_HEADER holds {value.Length} characters; expected at least 16 printable ASCII",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_secret_is_used_else_a_new_one()
    {
        var given = ManagedIdentityEnvironment.SecretFrom(_ => "fedcba9876543210fedcba");
        var generated = ManagedIdentityEnvironment.SecretFrom(_ => null);

        Assert.Equal("fedcba9876543210fedcba", given.Value);
        Assert.Equal(64, generated.Value.Length);
    }

    [Theory]
    [InlineData("127.0.0.1:8000", "127.0.0.1:8000")]
    [InlineData("[::1]:9000", "[::1]:9000")]
    [InlineData("127.0.0.2:8000", "127.0.0.2:8000")]
    public void Listen_address_on_loopback_is_accepted(string text, string expected)
    {
        Assert.Equal(expected, ListenAddress.Parse(text).ToString());
    }

    [Theory]
    [InlineData("0.0.0.0:8000", "is not a loopback address")]
    [InlineData("10.0.0.5:8000", "is not a loopback address")]
    [InlineData("127.0.0.1", "is not IP:PORT")]
    [InlineData("127.0.0.1:0", "is not IP:PORT")]
    [InlineData("localhost:8000", "is not IP:PORT")]
    public void Listen_address_elsewhere_is_refused(string text, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ListenAddress.Parse(text));

        Assert.Contains($"The listen address '{text}' {message}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sidecar_reads_the_variables_the_webhook_injects()
    {
        var configuration = SidecarConfiguration.Read(name => s_sidecar.GetValueOrDefault(name));
        var settings = configuration.Settings(new IPEndPoint(IPAddress.Loopback, 8000));

        var identity = new ServedIdentity(
            Guid.Parse(s_sidecar["AZURE_CLIENT_ID"]), Guid.Parse(s_sidecar["AZURE_TENANT_ID"]));
        Assert.Equal(identity, configuration.Identity);
        Assert.Equal(s_sidecar["AZURE_FEDERATED_TOKEN_FILE"], configuration.TokenFile);
        Assert.Equal(new Uri("https://tessera.tessera.svc/"), configuration.Authority);
        Assert.True(configuration.Secret.Matches(s_sidecar["IDENTITY_HEADER"]));
        Assert.True(settings.OpenImds, "a pod's loopback belongs to the pod");
    }

    [Fact]
    public void Sidecar_names_every_missing_or_malformed_variable()
    {
        var environment = new Dictionary<string, string>(s_sidecar)
        {
            ["AZURE_CLIENT_ID"] = "orders-api",
            ["AZURE_AUTHORITY_HOST"] = "http://tessera.tessera.svc/",
        };
        environment.Remove("AZURE_FEDERATED_TOKEN_FILE");
        environment.Remove("IDENTITY_HEADER");

        var error = Assert.Throws<ArgumentException>(
            () => SidecarConfiguration.Read(n => environment.GetValueOrDefault(n)));

        Assert.Equal(
            "The identity endpoint sidecar is configured by the variables the Tessera webhook injects: " +
            "$AZURE_CLIENT_ID is 'orders-api'; expected a GUID. $AZURE_FEDERATED_TOKEN_FILE is not set. " +
            "$AZURE_AUTHORITY_HOST is 'http://tessera.tessera.svc/'; expected Tessera's https URL, for example " +
            "https://tessera.tessera.svc/. $IDENTITY_HEADER is not set.", error.Message);
    }

    [Fact]
    public void Settings_refuse_addresses_beyond_loopback_and_repeated_identities()
    {
        var identity = new ServedIdentity(Guid.NewGuid(), Guid.NewGuid());
        var settings = new EndpointSettings(
            new IPEndPoint(IPAddress.Any, 0), IdentityHeaderSecret.New(), [identity, identity]);

        var problems = settings.Validate();

        Assert.Equal(
            [$"The endpoint must listen on a loopback address, not 0.0.0.0:0.",
                $"The identity {identity.ClientId} is given more than once."],
            problems);
    }
}
