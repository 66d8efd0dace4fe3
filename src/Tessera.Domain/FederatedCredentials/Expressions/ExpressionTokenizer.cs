using System.Globalization;
using System.Text;

namespace Tessera.Domain.FederatedCredentials.Expressions;

/// <summary>
/// Splits an expression into words, single-quoted strings and the punctuation <c>[ ] .</c>, separated by spaces,
/// one token at a time as the parser asks, so the first error reported is the leftmost. One pass, no backtracking. Inside a string, <c>\'</c> is a quote and <c>\\</c> a backslash; any other
/// backslash is an error, so that a later version can give escapes a meaning without changing old expressions.
/// </summary>
internal sealed class ExpressionTokenizer(string source)
{
    private int _position;

    /// <summary>The next token; at the end, <see cref="TokenKind.End"/> every time it is asked.</summary>
    public ExpressionToken Next()
    {
        while (_position < source.Length && source[_position] == ' ')
        {
            _position++;
        }

        if (_position == source.Length)
        {
            return new ExpressionToken(TokenKind.End, "", _position + 1, 0);
        }

        var c = source[_position];
        var token = c switch
        {
            '[' => new ExpressionToken(TokenKind.OpenBracket, "[", _position + 1, 1),
            ']' => new ExpressionToken(TokenKind.CloseBracket, "]", _position + 1, 1),
            '.' => new ExpressionToken(TokenKind.Dot, ".", _position + 1, 1),
            '\'' => ReadString(source, _position),
            _ when IsWordStart(c) => ReadWord(source, _position),
            _ => throw new ExpressionSyntaxException(_position + 1, Unexpected(c)),
        };
        _position += token.Length;
        return token;
    }

    /// <summary>Whether <paramref name="name"/> can follow a dot, or must be written in brackets.</summary>
    public static bool IsWord(string name) =>
        name.Length > 0 && IsWordStart(name[0]) && name.All(IsWordPart);

    private static ExpressionToken ReadWord(string source, int start)
    {
        var end = start + 1;
        while (end < source.Length && IsWordPart(source[end]))
        {
            end++;
        }

        return new ExpressionToken(TokenKind.Word, source[start..end], start + 1, end - start);
    }

    private static ExpressionToken ReadString(string source, int start)
    {
        var text = new StringBuilder();
        var i = start + 1;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '\'')
            {
                return new ExpressionToken(TokenKind.String, text.ToString(), start + 1, i + 1 - start);
            }

            if (c == '\\')
            {
                var next = i + 1 < source.Length ? source[i + 1] : '\0';
                if (next is not ('\'' or '\\'))
                {
                    throw new ExpressionSyntaxException(i + 1,
                        "a backslash in a string must be followed by ' or \\ (write \\' for a quote, \\\\ for a backslash)");
                }

                text.Append(next);
                i += 2;
                continue;
            }

            text.Append(c);
            i++;
        }

        throw new ExpressionSyntaxException(start + 1, "the string starting here has no closing quote");
    }

    private static string Unexpected(char c)
    {
        var shown = char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c)
            ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
            : $"'{c}'";
        var hint = c switch
        {
            '"' => "; strings are written in single quotes",
            '\u2018' or '\u2019' => "; use the straight single quote '",
            '=' or '!' => "; compare with 'eq' or 'matches'",
            '&' => "; join terms with 'and'",
            '|' => "; 'or' is not part of language version 1: create one federated credential per alternative",
            '(' or ')' => "; parentheses are not part of language version 1",
            >= '0' and <= '9' => "; values are written in single quotes, numbers too ('42')",
            _ => "",
        };
        return $"unexpected character {shown}{hint}";
    }

    private static bool IsWordStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    private static bool IsWordPart(char c) => IsWordStart(c) || c is >= '0' and <= '9';
}
