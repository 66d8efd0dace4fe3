namespace Tessera.Agent.ManagedIdentity;

/// <summary>How a request names a user-assigned identity: the query parameter as sent, and its value.</summary>
public sealed record IdentitySelector(string Parameter, string Value)
{
    /// <summary>Query parameters naming an identity by client ID.</summary>
    public static readonly string[] ClientIdParameters = ["client_id"];

    /// <summary>By object ID: the SDKs say <c>object_id</c>; App Service also accepts <c>principal_id</c>.</summary>
    public static readonly string[] ObjectIdParameters = ["object_id", "principal_id"];

    /// <summary>By resource ID: App Service says <c>mi_res_id</c>, IMDS <c>msi_res_id</c>; both work.</summary>
    public static readonly string[] ResourceIdParameters = ["mi_res_id", "msi_res_id"];

    public static IEnumerable<string> AllParameters =>
        [.. ClientIdParameters, .. ObjectIdParameters, .. ResourceIdParameters];

    /// <summary>Finds the identity this selector names; null, with a message for the caller, when none does.</summary>
    public ServedIdentity? Find(IReadOnlyList<ServedIdentity> identities, out string? problem)
    {
        var found = identities.FirstOrDefault(Matches);
        problem = found is null ? NotFound(identities) : null;
        return found;
    }

    private bool Matches(ServedIdentity identity)
    {
        if (ClientIdParameters.Contains(Parameter))
        {
            return Guid.TryParse(Value, out var clientId) && identity.ClientId == clientId;
        }

        if (ObjectIdParameters.Contains(Parameter))
        {
            return Guid.TryParse(Value, out var objectId) && identity.PrincipalId == objectId;
        }

        // ARM resource IDs are case-insensitive.
        return identity.ResourceId is { } resourceId
            && string.Equals(resourceId, Value, StringComparison.OrdinalIgnoreCase);
    }

    private string NotFound(IReadOnlyList<ServedIdentity> identities)
    {
        var known = ClientIdParameters.Contains(Parameter)
            ? identities.Select(i => i.ClientId.ToString())
            : ObjectIdParameters.Contains(Parameter)
                ? identities.Where(i => i.PrincipalId is not null).Select(i => i.PrincipalId!.Value.ToString())
                : identities.Where(i => i.ResourceId is not null).Select(i => i.ResourceId!);
        var list = known.Select(k => $"'{k}'").ToList();
        var served = list.Count > 0
            ? $"This endpoint serves {string.Join(", ", list)}"
            : "This endpoint knows its identities by client ID only; send client_id, or no selector for the default " +
              $"identity '{identities[0].ClientId}'";
        return $"No identity served here has {Parameter} '{Value}'. {served}.";
    }
}
