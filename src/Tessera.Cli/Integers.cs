using System.CommandLine;
using System.Globalization;

namespace Tessera.Cli;

/// <summary>Whole-number options whose errors say what was given and what is expected, in the option's terms.</summary>
internal static class Integers
{
    public static Option<int> Required(string name, string description, int defaultValue, int min, int max, string unit) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => Parse(result, name, min, max, unit) ?? 0,
        };

    public static Option<int?> Optional(string name, string description, int min, int max, string unit) =>
        new(name)
        {
            Description = description,
            CustomParser = result => Parse(result, name, min, max, unit),
        };

    private static int? Parse(System.CommandLine.Parsing.ArgumentResult result, string name, int min, int max, string unit)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(' ', result.Tokens.Select(t => t.Value));
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"{name} '{text}' is not a whole number; give {unit}, {min}-{max}.");
            return null;
        }

        if (value < min || value > max)
        {
            result.AddError($"{name} {value} is out of range; give {unit}, {min}-{max}.");
            return null;
        }

        return value;
    }
}
