using System.Text.Json;
using Tessera.Domain.Rules;

namespace Tessera.Domain.FederatedCredentials.Expressions;

/// <summary>How a term compares a claim with its value.</summary>
public enum ClaimOperator
{
    /// <summary><c>eq</c>: the claim equals the value exactly, case-sensitively.</summary>
    Eq,

    /// <summary><c>matches</c>: the claim matches the value as a <see cref="GlobPattern"/>.</summary>
    Matches,
}

/// <summary>
/// One term of an expression: <c>claims['ref'] eq 'refs/heads/main'</c>. Strings are compared as they are; numbers
/// and booleans by their JSON text (<c>42</c>, <c>true</c>); a missing claim, <c>null</c>, an object or an array
/// never satisfies a term.
/// </summary>
public sealed class ClaimTerm
{
    private readonly GlobPattern? _pattern;

    public ClaimTerm(ClaimPath path, ClaimOperator @operator, string value, string source)
    {
        Path = path;
        Operator = @operator;
        Value = value;
        Source = source;
        _pattern = @operator == ClaimOperator.Matches ? GlobPattern.Compile(value) : null;
    }

    public ClaimPath Path { get; }

    public ClaimOperator Operator { get; }

    public string Value { get; }

    /// <summary>The term as the administrator wrote it.</summary>
    public string Source { get; }

    /// <summary>Whether the token's claims satisfy the term; when not, what the token holds instead.</summary>
    public bool Holds(JsonElement claims, out string finding)
    {
        if (!Path.TryResolve(claims, out var element, out var missing))
        {
            finding = $"the token has no {missing}";
            return false;
        }

        var text = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        if (text is null)
        {
            finding = $"the token's {Path} is {ClaimsExpression.Describe(element.ValueKind)}, and only strings, " +
                "numbers and booleans are compared";
            return false;
        }

        finding = $"the token's {Path} is '{Printable.Quote(text)}'";
        return _pattern is null ? string.Equals(text, Value, StringComparison.Ordinal) : _pattern.IsMatch(text);
    }
}
