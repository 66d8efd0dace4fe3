namespace Tessera.Domain.Rules;

/// <summary>
/// One broken directory rule: which field, the value received, and the rule it broke.
/// </summary>
/// <param name="Field">The request field, named as the API and CLI spell it.</param>
/// <param name="Value">The value received, or null when the field was missing.</param>
/// <param name="Rule">The rule in words, phrased so the user knows what to send instead.</param>
public sealed record RuleViolation(string Field, string? Value, string Rule)
{
    /// <summary>A one-line sentence naming the field, the value and the rule.</summary>
    public string Message => Value is null
        ? $"{Field} is missing: {Rule}."
        : $"{Field} '{Shorten(Value)}' is not allowed: {Rule}.";

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..77] + "...";
}
