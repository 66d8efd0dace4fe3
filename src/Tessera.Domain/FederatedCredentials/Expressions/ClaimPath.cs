using System.Text;
using System.Text.Json;

namespace Tessera.Domain.FederatedCredentials.Expressions;

/// <summary>
/// Where a claim is in a token's payload: a top-level claim name, then the members of nested objects. The first
/// name is always written in brackets and taken verbatim, dots included (<c>claims['kubernetes.io']</c> is the
/// claim named <c>kubernetes.io</c>); nested members follow as <c>.name</c> or <c>['name']</c>.
/// </summary>
public sealed class ClaimPath
{
    public ClaimPath(IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            throw new ArgumentException("A claim path names at least one claim.", nameof(names));
        }

        Names = names;
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>Finds the value at this path, or says which part of it the token lacks.</summary>
    public bool TryResolve(JsonElement claims, out JsonElement value, out string? missing)
    {
        value = claims;
        missing = null;
        for (var i = 0; i < Names.Count; i++)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                missing = $"{Display(i)}, which is {ClaimsExpression.Describe(value.ValueKind)}, not an object with " +
                    $"a member '{Rules.Printable.Quote(Names[i], 40)}'";
                return false;
            }

            if (!value.TryGetProperty(Names[i], out value))
            {
                missing = Display(i + 1);
                return false;
            }
        }

        return true;
    }

    /// <summary>The path written canonically: <c>claims['kubernetes.io'].serviceaccount.name</c>.</summary>
    public override string ToString() => Display(Names.Count);

    private string Display(int count)
    {
        var text = new StringBuilder("claims");
        for (var i = 0; i < count; i++)
        {
            var name = Rules.Printable.Quote(Names[i], 60);
            text.Append(i > 0 && ExpressionTokenizer.IsWord(name) ? $".{name}" : $"['{Escape(name)}']");
        }

        return text.ToString();
    }

    private static string Escape(string name) => name.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("'", "\\'", StringComparison.Ordinal);
}
