using System.Text.Json;
using Tessera.Domain.FederatedCredentials.Expressions;

namespace Tessera.Domain.Tests.Expressions;

/// <summary>
/// Evaluating expressions against token claims: every term must hold; the first that fails is named with what the
/// token held instead.
/// </summary>
public sealed class ExpressionEvaluationTests
{
    // Shaped like a GitHub Actions token's payload, with a nested object and non-string values added.
    private static readonly JsonElement s_claims = JsonDocument.Parse("""
        {
          "iss": "https://token.actions.githubusercontent.com",
          "sub": "repo:contoso/orders:ref:refs/heads/main",
          "aud": ["api://AzureADTokenExchange"],
          "ref": "refs/heads/main",
          "repository": "contoso/orders",
          "repository_id": "690981553",
          "job_workflow_ref": "contoso/orders/.github/workflows/deploy.yml@refs/heads/main",
          "run_attempt": 2,
          "runner_environment": "github-hosted",
          "deployment": true,
          "environment": null,
          "kubernetes.io": { "namespace": "prod", "serviceaccount": { "name": "orders", "uid": "7f3c" } },
          "kubernetes": { "io": { "namespace": "elsewhere" } }
        }
        """).RootElement.Clone();

    public static TheoryData<string, int, string?> Cases => new()
    {
        { "claims['sub'] eq 'repo:contoso/orders:ref:refs/heads/main'", 0, null },
        { "claims['sub'] matches 'repo:contoso/orders:ref:refs/heads/*' and claims['repository_id'] eq '690981553'", 0, null },
        {
            "claims['sub'] matches 'repo:contoso/orders:*' and claims['repository_id'] eq '1'",
            2, "the token's claims['repository_id'] is '690981553'"
        },
        { "claims['ref'] eq 'refs/heads/Main'", 1, "the token's claims['ref'] is 'refs/heads/main'" },
        { "claims['workflow'] eq 'deploy'", 1, "the token has no claims['workflow']" },
        { "claims['run_attempt'] eq '2'", 0, null },
        { "claims['runner_environment'] matches 'github-*'", 0, null },
        { "claims['deployment'] eq 'true'", 0, null },
        {
            "claims['environment'] eq 'prod'",
            1, "the token's claims['environment'] is null, and only strings, numbers and booleans are compared"
        },
        {
            "claims['aud'] eq 'api://AzureADTokenExchange'",
            1, "the token's claims['aud'] is an array, and only strings, numbers and booleans are compared"
        },
        { "claims['kubernetes.io'].namespace eq 'prod'", 0, null },
        { "claims['kubernetes.io']['serviceaccount'].name eq 'orders'", 0, null },
        {
            "claims['kubernetes.io'].serviceaccount eq 'orders'",
            1, "the token's claims['kubernetes.io'].serviceaccount is an object, and only strings, numbers and " +
            "booleans are compared"
        },
        { "claims['kubernetes.io'].pod.name eq 'orders-1'", 1, "the token has no claims['kubernetes.io'].pod" },
        {
            "claims['sub'].repo eq 'x'",
            1, "the token has no claims['sub'], which is a string, not an object with a member 'repo'"
        },
        { "claims['kubernetes'].io.namespace eq 'prod'", 1, "the token's claims['kubernetes'].io.namespace is 'elsewhere'" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Token_satisfies_the_expression_or_the_first_failing_term_is_named(
        string expression, int failedTerm, string? finding)
    {
        var parsed = ClaimsExpression.Parse(expression);

        var result = parsed.Evaluate(s_claims);

        Assert.Equal(failedTerm == 0, result.Matched);
        Assert.Equal(failedTerm, result.FailedTermNumber);
        Assert.Equal(finding, result.Finding);
        Assert.Equal(failedTerm == 0 ? null : parsed.Terms[failedTerm - 1], result.FailedTerm);
    }

    [Fact]
    public void Claim_value_with_control_characters_is_shown_escaped()
    {
        var claims = JsonDocument.Parse("""{ "sub": "a\u001b[2Jb" }""").RootElement;

        var result = ClaimsExpression.Parse("claims['sub'] eq 'ab'").Evaluate(claims);

        Assert.Equal("the token's claims['sub'] is 'a\\u001b[2Jb'", result.Finding);
    }
}
