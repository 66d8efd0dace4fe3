using System.Text.Json;
using Tessera.Domain.Rules;

namespace Tessera.Cli.Output;

/// <summary>Prints results as a table or as JSON, as the user asked with <c>--output</c>.</summary>
internal sealed class Printer(OutputFormat format, TextWriter writer)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public OutputFormat Format { get; } = format;

    /// <summary>Prints a list: JSON as returned, or one row per item with the given columns.</summary>
    public void List<T>(IReadOnlyList<T> items, params (string Header, Func<T, string?> Value)[] columns)
    {
        if (Format == OutputFormat.Json)
        {
            writer.WriteLine(JsonSerializer.Serialize(items, s_json));
            return;
        }

        var rows = items.Select(item => columns.Select(c => Printable.Quote(c.Value(item) ?? "", 2000)).ToArray()).ToList();
        WriteTable(columns.Select(c => c.Header).ToArray(), rows);
    }

    /// <summary>Prints one object: JSON, or one "field: value" line per field.</summary>
    public void Item<T>(T item, params (string Label, Func<T, string?> Value)[] fields)
    {
        if (Format == OutputFormat.Json)
        {
            writer.WriteLine(JsonSerializer.Serialize(item, s_json));
            return;
        }

        var width = fields.Max(f => f.Label.Length) + 1;
        foreach (var (label, value) in fields)
        {
            writer.WriteLine($"{(label + ":").PadRight(width)} {Printable.Quote(value(item) ?? "", 2000)}");
        }
    }

    public void Line(string text)
    {
        if (Format == OutputFormat.Table)
        {
            writer.WriteLine(text);
        }
    }

    private void WriteTable(string[] headers, List<string[]> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        writer.WriteLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows)
        {
            writer.WriteLine(string.Join("  ", row.Select((v, i) => v.PadRight(widths[i]))).TrimEnd());
        }
    }
}
