using System.Text.Json;

namespace Tessera.Domain.FederatedCredentials.Expressions;

/// <summary>
/// A claims matching expression, language version 1: terms such as <c>claims['sub'] matches 'repo:org/app:*'</c>,
/// joined by <c>and</c>. A flexible federated credential holds one instead of a subject; a token satisfies it when
/// every term holds. Parsing is a single pass and evaluation never backtracks, so neither an administrator's
/// expression nor a token's claims can make either slow.
/// </summary>
public sealed class ClaimsExpression
{
    public const int LanguageVersion = 1;
    public const int MaxLength = 600;
    public const int MaxTerms = 10;
    public const int MaxPathNames = 8;

    private ClaimsExpression(string text, IReadOnlyList<ClaimTerm> terms)
    {
        Text = text;
        Terms = terms;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    public IReadOnlyList<ClaimTerm> Terms { get; }

    /// <summary>Parses <paramref name="text"/>, or throws an <see cref="ExpressionSyntaxException"/> naming the
    /// column where it went wrong.</summary>
    public static ClaimsExpression Parse(string text)
    {
        if (text.Length > MaxLength)
        {
            throw new ExpressionSyntaxException(MaxLength + 1,
                $"an expression has at most {MaxLength} characters (received {text.Length})");
        }

        return new ClaimsExpression(text, new ExpressionParser(text).ParseTerms());
    }

    /// <summary>Checks the terms in order and stops at the first that fails.</summary>
    public ExpressionResult Evaluate(JsonElement claims)
    {
        for (var i = 0; i < Terms.Count; i++)
        {
            if (!Terms[i].Holds(claims, out var finding))
            {
                return new ExpressionResult(false, Terms[i], i + 1, finding);
            }
        }

        return ExpressionResult.Success;
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a boolean",
    };
}
