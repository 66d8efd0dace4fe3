namespace Tessera.Domain.FederatedCredentials.Expressions;

/// <summary>
/// Recursive descent over the tokens of language version 1:
/// <code>
/// expression := term ( 'and' term )*
/// term       := path ( 'eq' | 'matches' ) string
/// path       := 'claims' '[' string ']' ( '.' word | '[' string ']' )*
/// </code>
/// Each error names the column of the token where the expression went wrong and what could stand there.
/// </summary>
internal sealed class ExpressionParser
{
    private readonly string _source;
    private readonly ExpressionTokenizer _tokenizer;

    public ExpressionParser(string source)
    {
        _source = source;
        _tokenizer = new ExpressionTokenizer(source);
        Current = _tokenizer.Next();
    }

    private ExpressionToken Current { get; set; }

    public List<ClaimTerm> ParseTerms()
    {
        var terms = new List<ClaimTerm>();
        while (true)
        {
            if (terms.Count == ClaimsExpression.MaxTerms)
            {
                throw Error(Current, $"an expression joins at most {ClaimsExpression.MaxTerms} terms");
            }

            terms.Add(ParseTerm());
            if (Current.Kind == TokenKind.End)
            {
                return terms;
            }

            if (!Current.IsWord("and"))
            {
                throw Error(Current, $"expected 'and' or the end of the expression, found {Current.Describe()}" +
                    AfterTermHint(Current));
            }

            Advance();
        }
    }

    private ClaimTerm ParseTerm()
    {
        var start = Current;
        if (!start.IsWord("claims"))
        {
            throw Error(start, $"expected claims['name'], found {start.Describe()}");
        }

        Advance();
        var path = ParsePath();
        var @operator = ParseOperator();
        var value = Current;
        if (value.Kind != TokenKind.String)
        {
            throw Error(value, $"expected a value in single quotes, found {value.Describe()}");
        }

        if (@operator == ClaimOperator.Matches && value.Text.Any(c => c is '*' or '?')
            && !GlobPattern.Compile(value.Text).HasLiteral)
        {
            throw Error(value, $"the pattern '{Rules.Printable.Quote(value.Text, 40)}' is only wildcards, so it " +
                "says nothing about the claim; write what the value must look like");
        }

        Advance();
        var end = value.Column - 1 + value.Length;
        return new ClaimTerm(path, @operator, value.Text, _source[(start.Column - 1)..end]);
    }

    private ClaimPath ParsePath()
    {
        var names = new List<string> { ParseBracketedName("'claims'") };
        while (Current.Kind is TokenKind.Dot or TokenKind.OpenBracket)
        {
            var selector = Current;
            if (names.Count == ClaimsExpression.MaxPathNames)
            {
                throw Error(selector, $"a claim path has at most {ClaimsExpression.MaxPathNames} names");
            }

            if (selector.Kind == TokenKind.OpenBracket)
            {
                names.Add(ParseBracketedName("the claim path"));
                continue;
            }

            Advance();
            if (Current.Kind != TokenKind.Word)
            {
                throw Error(Current, $"expected a member name after '.', found {Current.Describe()} (write " +
                    "['name'] for names that are not letters, digits and '_')");
            }

            names.Add(Current.Text);
            Advance();
        }

        return new ClaimPath(names);
    }

    private string ParseBracketedName(string after)
    {
        if (Current.Kind != TokenKind.OpenBracket)
        {
            throw Error(Current, $"expected '[' after {after}, found {Current.Describe()}");
        }

        Advance();
        var name = Current;
        if (name.Kind != TokenKind.String)
        {
            throw Error(name, $"expected a claim name in single quotes, found {name.Describe()}");
        }

        if (name.Text.Length == 0)
        {
            throw Error(name, "a claim name cannot be empty");
        }

        Advance();
        if (Current.Kind != TokenKind.CloseBracket)
        {
            throw Error(Current, $"expected ']' after the claim name, found {Current.Describe()}");
        }

        Advance();
        return name.Text;
    }

    private ClaimOperator ParseOperator()
    {
        var token = Current;
        if (token.IsWord("eq") || token.IsWord("matches"))
        {
            Advance();
            return token.Text == "eq" ? ClaimOperator.Eq : ClaimOperator.Matches;
        }

        var lowercase = token.Kind == TokenKind.Word
            && (string.Equals(token.Text, "eq", StringComparison.OrdinalIgnoreCase)
                || string.Equals(token.Text, "matches", StringComparison.OrdinalIgnoreCase));
        throw Error(token, $"expected 'eq' or 'matches', found {token.Describe()}" +
            (lowercase ? " (operators are lowercase)" : ""));
    }

    private void Advance() => Current = _tokenizer.Next();

    private static string AfterTermHint(ExpressionToken token)
    {
        if (token.Kind != TokenKind.Word)
        {
            return "";
        }

        return token.Text switch
        {
            "or" => "; 'or' is not part of language version 1: create one federated credential per alternative",
            "not" => "; 'not' is not part of language version 1",
            "AND" or "And" => " (operators are lowercase)",
            _ => "",
        };
    }

    private static ExpressionSyntaxException Error(ExpressionToken token, string reason) => new(token.Column, reason);
}
