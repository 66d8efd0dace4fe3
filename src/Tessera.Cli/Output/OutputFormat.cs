namespace Tessera.Cli.Output;

/// <summary>How commands print what they return.</summary>
public enum OutputFormat
{
    /// <summary>Aligned columns for people.</summary>
    Table,

    /// <summary>The API's JSON, for scripts.</summary>
    Json,
}
