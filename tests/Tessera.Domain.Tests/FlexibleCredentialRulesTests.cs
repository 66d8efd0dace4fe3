using Tessera.Domain.FederatedCredentials;

namespace Tessera.Domain.Tests;

/// <summary>Flexible federated credentials: a claims matching expression instead of a subject, checked on creation.</summary>
public sealed class FlexibleCredentialRulesTests
{
    private const string Issuer = "https://token.actions.githubusercontent.com";
    private const string Expression = "claims['sub'] matches 'repo:contoso/orders:ref:refs/heads/*'";

    private static FederatedCredentialDraft Draft(
        string? subject = null, string? expression = Expression, int? version = null, string name = "orders-ci") =>
        new(name, Issuer, subject, null, null, expression, version);

    private static FederatedCredential Existing(string name, string? subject = null, string? expression = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), name, Issuer, subject, FederatedCredentialRules.DefaultAudience, null,
            DateTimeOffset.UnixEpoch, expression);

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    public void Draft_with_an_expression_instead_of_a_subject_is_valid(int? version)
    {
        var violations = FederatedCredentialRules.Validate(Draft(version: version), [], FederatedCredentialPolicy.Default);

        Assert.Empty(violations);
    }

    public static TheoryData<string, FederatedCredentialDraft, string, string> Violations => new()
    {
        {
            "syntax error",
            Draft(expression: "claims['sub'] equals 'x'"),
            "claimsMatchingExpression",
            "claimsMatchingExpression: column 15: expected 'eq' or 'matches', found 'equals'"
        },
        {
            "subject and expression",
            Draft(subject: "repo:contoso/orders:ref:refs/heads/main"),
            "claimsMatchingExpression",
            $"claimsMatchingExpression '{Expression}' is not allowed: give either a subject or a " +
            "claimsMatchingExpression, not both; the expression can test claims['sub'] itself."
        },
        {
            "neither",
            Draft(expression: null),
            "subject",
            "subject is missing: a federated credential needs a subject (or, for a flexible credential, a " +
            "claimsMatchingExpression)."
        },
        {
            "language version 2",
            Draft(version: 2),
            "claimsMatchingExpression.languageVersion",
            "claimsMatchingExpression.languageVersion '2' is not allowed: the only language version is 1."
        },
        {
            "language version with a subject",
            Draft(subject: "repo:contoso/orders:ref:refs/heads/main", expression: null, version: 1),
            "claimsMatchingExpression.languageVersion",
            "claimsMatchingExpression.languageVersion '1' is not allowed: a language version goes with a " +
            "claimsMatchingExpression; send neither with a subject."
        },
        {
            "too long",
            Draft(expression: "claims['sub'] eq '" + new string('x', 600) + "'"),
            "claimsMatchingExpression",
            "is not allowed: use at most 600 characters (received 619)."
        },
        {
            "line break",
            Draft(expression: "claims['sub'] eq 'a'\nand claims['ref'] eq 'b'"),
            "claimsMatchingExpression",
            "remove the control characters"
        },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Broken_expression_rule_is_refused_with_an_exact_message(
        string because, FederatedCredentialDraft draft, string field, string message)
    {
        var violations = FederatedCredentialRules.Validate(draft, [], FederatedCredentialPolicy.Default);

        var violation = Assert.Single(violations);
        Assert.Equal(field, violation.Field);
        Assert.True(violation.Message.Contains(message, StringComparison.Ordinal), $"{because}: {violation.Message}");
    }

    [Fact]
    public void Expression_error_carries_the_expression_as_its_value_and_the_column_in_its_rule()
    {
        var violation = FederatedCredentialRules.Validate(Draft(expression: "claims['sub'] == 'x'"), [],
            FederatedCredentialPolicy.Default)[0];

        Assert.Equal("claims['sub'] == 'x'", violation.Value);
        Assert.Equal("column 15: unexpected character '='; compare with 'eq' or 'matches'", violation.Rule);
    }

    [Fact]
    public void Several_flexible_credentials_may_trust_one_issuer_with_different_expressions()
    {
        var existing = new[]
        {
            Existing("tags", expression: "claims['sub'] matches 'repo:contoso/orders:ref:refs/tags/*'"),
            Existing("main", subject: "repo:contoso/orders:ref:refs/heads/main"),
        };

        Assert.Empty(FederatedCredentialRules.Validate(Draft(), existing, FederatedCredentialPolicy.Default));
    }

    [Fact]
    public void Same_issuer_and_expression_twice_is_refused_naming_the_existing_credential()
    {
        var existing = new[] { Existing("branches", expression: Expression) };

        var violation = Assert.Single(FederatedCredentialRules.Validate(Draft(), existing, FederatedCredentialPolicy.Default));

        Assert.Equal("claimsMatchingExpression", violation.Field);
        Assert.Contains("credential 'branches' already trusts this issuer with the same expression", violation.Rule,
            StringComparison.Ordinal);
    }
}
