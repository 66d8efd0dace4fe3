using Tessera.Domain.FederatedCredentials;

namespace Tessera.Domain.Tests;

public sealed class FederatedCredentialRulesTests
{
    private const string Issuer = "https://issuer.example/cluster";
    private static readonly FederatedCredentialPolicy s_policy = FederatedCredentialPolicy.Default with
    {
        IsOwnStsIssuer = issuer => issuer.StartsWith("https://sts.local/", StringComparison.Ordinal),
    };

    private static FederatedCredentialDraft Draft(
        string? name = "orders-prod",
        string? issuer = Issuer,
        string? subject = "system:serviceaccount:prod:orders",
        IReadOnlyList<string>? audiences = null,
        string? description = null) => new(name, issuer, subject, audiences, description);

    private static FederatedCredential Existing(string name, string issuer = Issuer, string subject = "system:serviceaccount:x:y") =>
        new(Guid.NewGuid(), Guid.NewGuid(), name, issuer, subject, FederatedCredentialRules.DefaultAudience, null,
            DateTimeOffset.UnixEpoch);

    public static TheoryData<string, FederatedCredentialDraft, string, string> Violations => new()
    {
        { "name missing", Draft(name: null), "name", "needs a name" },
        { "name too short", Draft(name: "ab"), "name", "3-120" },
        { "name too long", Draft(name: new string('a', 121)), "name", "3-120" },
        { "name starts with dash", Draft(name: "-orders"), "name", "starting with a letter or digit" },
        { "name has a dot", Draft(name: "orders.prod"), "name", "letters, digits, '-' or '_'" },
        { "issuer missing", Draft(issuer: null), "issuer", "needs an issuer" },
        { "issuer not a URL", Draft(issuer: "my-cluster"), "issuer", "https URL" },
        { "issuer plain http", Draft(issuer: "http://issuer.example"), "issuer", "https URL" },
        { "issuer with query", Draft(issuer: "https://issuer.example/?a=b"), "issuer", "no query" },
        { "issuer with fragment", Draft(issuer: "https://issuer.example/#x"), "issuer", "no query, fragment" },
        { "issuer too long", Draft(issuer: "https://issuer.example/" + new string('a', 600)), "issuer", "at most 600" },
        { "issuer is Entra", Draft(issuer: "https://login.microsoftonline.com/t/v2.0"), "issuer", "AADSTS700222" },
        { "issuer is sts.windows.net", Draft(issuer: "https://sts.windows.net/t/"), "issuer", "Entra ID access tokens" },
        { "issuer is this STS", Draft(issuer: "https://sts.local/tenant/"), "issuer", "Tessera's own access tokens" },
        { "issuer with trailing space", Draft(issuer: Issuer + " "), "issuer", "whitespace" },
        { "subject missing", Draft(subject: null), "subject", "needs a subject" },
        { "subject empty", Draft(subject: ""), "subject", "needs a subject" },
        { "subject too long", Draft(subject: new string('s', 601)), "subject", "at most 600" },
        { "subject with leading space", Draft(subject: " system:serviceaccount:a:b"), "subject", "whitespace" },
        { "no audience in list", Draft(audiences: []), "audiences", "exactly one audience (received 0)" },
        { "two audiences", Draft(audiences: ["a", "b"]), "audiences", "exactly one audience (received 2)" },
        { "empty audience", Draft(audiences: [""]), "audiences", "give exactly one audience" },
        { "subject with an escape", Draft(subject: "system:serviceaccount:a:\u001b]0;x\u0007b"), "subject", "control characters" },
        { "issuer with a tab", Draft(issuer: "https://issuer.example/\tx"), "issuer", "control characters" },
        { "description with a newline", Draft(description: "line\nbreak"), "description", "control characters" },
        { "audience too long", Draft(audiences: [new string('a', 601)]), "audiences", "at most 600" },
        { "description too long", Draft(description: new string('d', 601)), "description", "at most 600" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Draft_breaking_a_rule_is_refused_naming_field_and_rule(
        string because, FederatedCredentialDraft draft, string field, string rule)
    {
        var violations = FederatedCredentialRules.Validate(draft, [], s_policy);

        var violation = Assert.Single(violations);
        Assert.Equal(field, violation.Field);
        Assert.True(violation.Rule.Contains(rule, StringComparison.Ordinal), $"{because}: {violation.Rule}");
    }

    [Fact]
    public void Valid_draft_passes_and_gets_the_default_audience()
    {
        var draft = Draft(description: new string('d', 600));

        var violations = FederatedCredentialRules.Validate(draft, [], s_policy);

        Assert.Empty(violations);
        Assert.Equal("api://AzureADTokenExchange", FederatedCredentialRules.AudienceOf(draft));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("Orders_Prod-1")]
    [InlineData("9lives")]
    public void Names_within_the_rules_are_accepted(string name)
    {
        Assert.Empty(FederatedCredentialRules.Validate(Draft(name: name), [], s_policy));
    }

    [Fact]
    public void Twenty_first_credential_is_refused()
    {
        var existing = Enumerable.Range(0, 20).Select(i => Existing($"fic-{i}", subject: $"s{i}")).ToList();

        var violation = Assert.Single(FederatedCredentialRules.Validate(Draft(), existing, s_policy));

        Assert.Equal("federatedCredentials", violation.Field);
        Assert.Equal("20", violation.Value);
        Assert.Equal("The identity already has 20 federated credentials, the most it may hold; delete one before adding another.",
            violation.Message);
    }

    [Fact]
    public void Nineteen_existing_credentials_still_allow_one_more()
    {
        var existing = Enumerable.Range(0, 19).Select(i => Existing($"fic-{i}", subject: $"s{i}")).ToList();

        Assert.Empty(FederatedCredentialRules.Validate(Draft(), existing, s_policy));
    }

    [Fact]
    public void Same_issuer_and_subject_twice_is_refused_naming_the_existing_credential()
    {
        var existing = new[] { Existing("first", subject: "system:serviceaccount:prod:orders") };

        var violation = Assert.Single(FederatedCredentialRules.Validate(Draft(name: "second"), existing, s_policy));

        Assert.Equal("subject", violation.Field);
        Assert.Contains("'first'", violation.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_subject_of_another_issuer_is_allowed()
    {
        var existing = new[] { Existing("first", issuer: "https://other.example", subject: "system:serviceaccount:prod:orders") };

        Assert.Empty(FederatedCredentialRules.Validate(Draft(name: "second"), existing, s_policy));
    }

    [Fact]
    public void Subject_differing_only_in_case_is_a_different_subject()
    {
        var existing = new[] { Existing("first", subject: "system:serviceaccount:PROD:orders") };

        Assert.Empty(FederatedCredentialRules.Validate(Draft(name: "second"), existing, s_policy));
    }

    [Fact]
    public void Duplicate_name_is_refused_regardless_of_case()
    {
        var existing = new[] { Existing("Orders-Prod") };

        var violation = Assert.Single(FederatedCredentialRules.Validate(Draft(name: "orders-prod"), existing, s_policy));

        Assert.Equal("name", violation.Field);
        Assert.Contains("cannot be changed", violation.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_violation_is_reported_at_once()
    {
        var violations = FederatedCredentialRules.Validate(
            new FederatedCredentialDraft("x", "not a url", null, ["a", "b"], null), [], s_policy);

        Assert.Equal(["name", "issuer", "subject", "audiences"], violations.Select(v => v.Field));
    }

    [Fact]
    public void Violation_message_shows_control_characters_as_escapes()
    {
        var violation = FederatedCredentialRules.Validate(Draft(name: "ab\u001b]0;pwned\u0007c"), [], s_policy)[0];

        Assert.Equal("name 'ab\\u001b]0;pwned\\u0007c' is not allowed: use 3-120 letters, digits, '-' or '_', starting with a " +
            "letter or digit.", violation.Message);
    }

    [Fact]
    public void Violation_message_names_field_value_and_rule()
    {
        var violation = FederatedCredentialRules.Validate(Draft(issuer: "http://issuer.example"), [], s_policy)[0];

        Assert.Equal(
            "issuer 'http://issuer.example' is not allowed: use the issuer's https URL exactly as it appears in the " +
            "'iss' claim of its tokens.",
            violation.Message);
    }
}
