using Tessera.Domain.FederatedCredentials.Expressions;

namespace Tessera.Domain.Tests.Expressions;

/// <summary>
/// The grammar of claims matching expressions, language version 1: what parses, and for what does not, the exact
/// message with the column of the first token that went wrong.
/// </summary>
public sealed class ExpressionSyntaxTests
{
    public static TheoryData<string, string> Invalid => new()
    {
        { "claims['sub'] equals 'x'", "column 15: expected 'eq' or 'matches', found 'equals'" },
        { "", "column 1: expected claims['name'], found the end of the expression" },
        { "   ", "column 4: expected claims['name'], found the end of the expression" },
        { "claims['sub'] eq", "column 17: expected a value in single quotes, found the end of the expression" },
        { "claims['sub'] matches", "column 22: expected a value in single quotes, found the end of the expression" },
        {
            "claims['sub'] eq 'x' or claims['sub'] eq 'y'",
            "column 22: expected 'and' or the end of the expression, found 'or'; 'or' is not part of language " +
            "version 1: create one federated credential per alternative"
        },
        {
            "claims['sub'] eq 'x' AND claims['aud'] eq 'y'",
            "column 22: expected 'and' or the end of the expression, found 'AND' (operators are lowercase)"
        },
        {
            "claims['sub'] eq 'x' claims['aud'] eq 'y'",
            "column 22: expected 'and' or the end of the expression, found 'claims'"
        },
        { "claims['sub'] eq 'x' and", "column 25: expected claims['name'], found the end of the expression" },
        { "claims['sub'] EQ 'x'", "column 15: expected 'eq' or 'matches', found 'EQ' (operators are lowercase)" },
        { "claims['sub'] 'x'", "column 15: expected 'eq' or 'matches', found the string 'x'" },
        { "claims[\"sub\"] eq 'x'", "column 8: unexpected character '\"'; strings are written in single quotes" },
        { "claims['sub'] == 'x'", "column 15: unexpected character '='; compare with 'eq' or 'matches'" },
        { "claims['sub'] eq 'x' && claims['a'] eq 'y'", "column 22: unexpected character '&'; join terms with 'and'" },
        {
            "(claims['sub'] eq 'x')",
            "column 1: unexpected character '('; parentheses are not part of language version 1"
        },
        { "claims['sub'] eq \u2018x\u2019", "column 18: unexpected character '\u2018'; use the straight single quote '" },
        { "claims['sub']\teq 'x'", "column 14: unexpected character U+0009" },
        {
            "claims['run_number'] eq 42",
            "column 25: unexpected character '4'; values are written in single quotes, numbers too ('42')"
        },
        { "claims['sub'] eq 'x", "column 18: the string starting here has no closing quote" },
        {
            "claims['s\\ub'] eq 'x'",
            "column 10: a backslash in a string must be followed by ' or \\ (write \\' for a quote, \\\\ for a backslash)"
        },
        { "claims[''] eq 'x'", "column 8: a claim name cannot be empty" },
        { "claims.sub eq 'x'", "column 7: expected '[' after 'claims', found '.'" },
        { "claim['sub'] eq 'x'", "column 1: expected claims['name'], found 'claim'" },
        { "claims[sub] eq 'x'", "column 8: expected a claim name in single quotes, found 'sub'" },
        { "claims['sub' eq 'x'", "column 14: expected ']' after the claim name, found 'eq'" },
        { "claims['a'][b] eq 'x'", "column 13: expected a claim name in single quotes, found 'b'" },
        {
            "claims['kubernetes.io'].'pod' eq 'x'",
            "column 25: expected a member name after '.', found the string 'pod' (write ['name'] for names that are " +
            "not letters, digits and '_')"
        },
        { "claims['kubernetes.io'].-x eq 'y'", "column 25: unexpected character '-'" },
        {
            "claims['sub'] matches '*'",
            "column 23: the pattern '*' is only wildcards, so it says nothing about the claim; write what the value " +
            "must look like"
        },
        {
            "claims['sub'] eq 'x' and claims['ref'] matches '?*?'",
            "column 48: the pattern '?*?' is only wildcards, so it says nothing about the claim; write what the " +
            "value must look like"
        },
        { "claims['a'].b.c.d.e.f.g.h.i eq 'x'", "column 26: a claim path has at most 8 names" },
        { string.Join(" and ", Enumerable.Repeat("claims['a'] eq 'x'", 11)), "column 231: an expression joins at most 10 terms" },
        { "claims['a'] eq '" + new string('x', 584) + "'", "column 601: an expression has at most 600 characters (received 601)" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_expression_is_refused_at_the_column_of_the_first_mistake(string expression, string message)
    {
        var error = Assert.Throws<ExpressionSyntaxException>(() => ClaimsExpression.Parse(expression));

        Assert.Equal(message, error.Message);
        Assert.Equal(int.Parse(message.Split(' ', ':')[1], System.Globalization.CultureInfo.InvariantCulture), error.Column);
    }

    public static TheoryData<string, string[]> Valid => new()
    {
        { "claims['sub'] eq 'repo:org/app:ref:refs/heads/main'", ["claims['sub'] eq 'repo:org/app:ref:refs/heads/main'"] },
        {
            "claims['sub'] matches 'repo:org/app:ref:refs/heads/*' and claims['job_workflow_ref'] eq " +
            "'org/app/.github/workflows/deploy.yml@refs/heads/main'",
            [
                "claims['sub'] matches 'repo:org/app:ref:refs/heads/*'",
                "claims['job_workflow_ref'] eq 'org/app/.github/workflows/deploy.yml@refs/heads/main'",
            ]
        },
        { "  claims['a']eq'b'   and claims [ 'c' ] matches 'd?'  ", ["claims['a']eq'b'", "claims [ 'c' ] matches 'd?'"] },
        { "claims['sub'] eq ''", ["claims['sub'] eq ''"] },
        { "claims['sub'] matches 'a**b'", ["claims['sub'] matches 'a**b'"] },
        { "claims['sub'] matches 'v???'", ["claims['sub'] matches 'v???'"] },
        { "claims['kubernetes.io'].namespace eq 'prod'", ["claims['kubernetes.io'].namespace eq 'prod'"] },
        { string.Join(" and ", Enumerable.Repeat("claims['a'] eq 'x'", 10)), [.. Enumerable.Repeat("claims['a'] eq 'x'", 10)] },
        { "claims['a'] eq '" + new string('x', 583) + "'", ["claims['a'] eq '" + new string('x', 583) + "'"] },
        { "claims['a'].b.c.d.e.f.g.h eq 'x'", ["claims['a'].b.c.d.e.f.g.h eq 'x'"] },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_expression_parses_into_its_terms_as_written(string expression, string[] terms)
    {
        var parsed = ClaimsExpression.Parse(expression);

        Assert.Equal(terms, parsed.Terms.Select(t => t.Source));
        Assert.Equal(expression, parsed.Text);
    }

    [Theory]
    [InlineData("claims['kubernetes.io'].namespace eq 'x'", new[] { "kubernetes.io", "namespace" },
        "claims['kubernetes.io'].namespace")]
    [InlineData("claims['kubernetes.io']['serviceaccount']['name'] eq 'x'",
        new[] { "kubernetes.io", "serviceaccount", "name" }, "claims['kubernetes.io'].serviceaccount.name")]
    [InlineData("claims['a']['b-c'].d eq 'x'", new[] { "a", "b-c", "d" }, "claims['a']['b-c'].d")]
    [InlineData("claims['it\\'s'] eq 'x'", new[] { "it's" }, "claims['it\\'s']")]
    public void Nested_claims_are_reached_by_dotted_or_bracketed_names(string expression, string[] names, string canonical)
    {
        var path = ClaimsExpression.Parse(expression).Terms[0].Path;

        Assert.Equal(names, path.Names);
        Assert.Equal(canonical, path.ToString());
    }

    [Theory]
    [InlineData("claims['sub'] eq 'a\\'b'", "a'b", ClaimOperator.Eq)]
    [InlineData("claims['sub'] eq 'a\\\\b'", "a\\b", ClaimOperator.Eq)]
    [InlineData("claims['sub'] matches 'x*'", "x*", ClaimOperator.Matches)]
    public void String_escapes_are_a_quote_and_a_backslash(string expression, string value, ClaimOperator @operator)
    {
        var term = ClaimsExpression.Parse(expression).Terms[0];

        Assert.Equal(value, term.Value);
        Assert.Equal(@operator, term.Operator);
    }
}
