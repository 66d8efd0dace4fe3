using System.Reflection;

namespace Tessera.Server;

/// <summary>The running build's version, as shown by the CLI and the admin API.</summary>
public static class ServerVersion
{
    public static string Current { get; } =
        typeof(ServerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "0.0.0";
}
