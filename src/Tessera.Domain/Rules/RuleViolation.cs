namespace Tessera.Domain.Rules;

/// <summary>
/// One broken directory rule: which field, the value received, and the rule it broke.
/// </summary>
/// <param name="Field">The request field, named as the API and CLI spell it.</param>
/// <param name="Value">The value received, or null when the field was missing.</param>
/// <param name="Rule">The rule in words, phrased so the user knows what to send instead.</param>
/// <param name="Sentence">A whole sentence to show instead of the usual "field 'value' is not allowed: rule", for
/// rules about the directory rather than about the value sent.</param>
public sealed record RuleViolation(string Field, string? Value, string Rule, string? Sentence = null)
{
    /// <summary>A one-line sentence naming the field, the value and the rule.</summary>
    public string Message => Sentence ?? (Value is null
        ? $"{Field} is missing: {Rule}."
        : $"{Field} '{Printable.Quote(Value)}' is not allowed: {Rule}.");
}
