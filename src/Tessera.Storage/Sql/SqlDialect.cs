using System.Data.Common;

namespace Tessera.Storage.Sql;

/// <summary>
/// What differs between the SQL databases Tessera runs on. Everything else (the queries themselves) is shared.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>A new, closed connection to the database.</summary>
    public abstract DbConnection CreateConnection();

    /// <summary>Whether <paramref name="exception"/> is a unique-constraint violation.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>
    /// A suffix for a SELECT that must lock the selected row until the transaction ends, so that rules checked
    /// against the rows read still hold at commit. Empty where the transaction already serialises writers.
    /// </summary>
    public abstract string LockRowSuffix { get; }

    /// <summary>Applies pending schema migrations; safe to call at every start.</summary>
    public abstract void Migrate();
}
