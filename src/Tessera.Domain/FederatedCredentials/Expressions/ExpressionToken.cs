namespace Tessera.Domain.FederatedCredentials.Expressions;

internal enum TokenKind
{
    Word,
    String,
    OpenBracket,
    CloseBracket,
    Dot,
    End,
}

/// <summary>
/// One token of a claims matching expression. <see cref="Column"/> counts characters from 1, as errors show it;
/// <see cref="Length"/> is the token's length in the source, quotes and escapes included.
/// </summary>
internal readonly record struct ExpressionToken(TokenKind Kind, string Text, int Column, int Length)
{
    /// <summary>The token as an error message names what it found.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.Word => $"'{Text}'",
        TokenKind.String => $"the string '{Rules.Printable.Quote(Text, 40)}'",
        TokenKind.End => "the end of the expression",
        _ => $"'{Text}'",
    };

    public bool IsWord(string word) => Kind == TokenKind.Word && Text == word;
}
