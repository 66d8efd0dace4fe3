namespace Tessera.Domain.Rules;

/// <summary>What kind of refusal a directory operation ended in; the admin API maps it to a status code.</summary>
public enum DirectoryErrorKind
{
    /// <summary>The request broke one or more directory rules (400).</summary>
    RuleViolation,

    /// <summary>The named tenant, identity, credential or issuer does not exist (404).</summary>
    NotFound,

    /// <summary>The object already exists (409).</summary>
    Conflict,
}

/// <summary>
/// A directory operation that was refused; nothing was written.
/// </summary>
public sealed class DirectoryException : Exception
{
    public DirectoryException(DirectoryErrorKind kind, string message, IReadOnlyList<RuleViolation>? violations = null)
        : base(message)
    {
        Kind = kind;
        Violations = violations ?? [];
    }

    public DirectoryErrorKind Kind { get; }

    public IReadOnlyList<RuleViolation> Violations { get; }

    public static DirectoryException Broken(IReadOnlyList<RuleViolation> violations) =>
        new(DirectoryErrorKind.RuleViolation, string.Join(" ", violations.Select(v => v.Message)), violations);

    public static DirectoryException NotFound(string what) => new(DirectoryErrorKind.NotFound, what);

    public static DirectoryException Conflict(string what) => new(DirectoryErrorKind.Conflict, what);
}
