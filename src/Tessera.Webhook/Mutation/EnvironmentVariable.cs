using System.Text.Json.Nodes;

namespace Tessera.Webhook.Mutation;

/// <summary>One variable the webhook injects; an empty value is never added.</summary>
internal sealed record EnvironmentVariable(string Name, string Value)
{
    public JsonObject ToJson() => new() { ["name"] = Name, ["value"] = Value };
}
