namespace Tessera.Domain.Identities;

/// <summary>The two kinds of identity a workload can federate into.</summary>
public enum IdentityKind
{
    /// <summary>A user-assigned managed identity: long-lived access tokens, has an ARM-style resource ID.</summary>
    ManagedIdentity,

    /// <summary>An app registration: one-hour access tokens; can also be a resource that others request tokens for.</summary>
    AppRegistration,
}

/// <summary>The spelling of <see cref="IdentityKind"/> used by the API, the CLI and the database.</summary>
public static class IdentityKinds
{
    public const string ManagedIdentity = "managed-identity";
    public const string AppRegistration = "app-registration";

    public static string ToText(this IdentityKind kind) => kind switch
    {
        IdentityKind.ManagedIdentity => ManagedIdentity,
        IdentityKind.AppRegistration => AppRegistration,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown identity kind."),
    };

    public static bool TryParse(string? text, out IdentityKind kind)
    {
        switch (text)
        {
            case ManagedIdentity:
                kind = IdentityKind.ManagedIdentity;
                return true;
            case AppRegistration:
                kind = IdentityKind.AppRegistration;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
