using System.Globalization;
using System.Text;

namespace Tessera.Domain.Rules;

/// <summary>
/// Makes text from outside (names, subjects, claims) safe to echo into terminals, logs and messages: control
/// characters are shown as escapes, so a value cannot rewrite a terminal or forge a log line, and long values are
/// shortened.
/// </summary>
public static class Printable
{
    public static string Quote(string text, int maxLength = 120)
    {
        var shortened = text.Length <= maxLength ? text : text[..(maxLength - 3)] + "...";
        if (!shortened.Any(IsUnsafe))
        {
            return shortened;
        }

        var builder = new StringBuilder(shortened.Length + 8);
        foreach (var c in shortened)
        {
            builder.Append(IsUnsafe(c) ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c);
        }

        return builder.ToString();
    }

    /// <summary>Whether the text holds a character that is invisible or acts on a terminal.</summary>
    public static bool HasControlCharacters(string text) => text.Any(IsUnsafe);

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e')
            or (>= '\u2066' and <= '\u2069');
}
