namespace Tessera.Cli.Demo;

/// <summary>
/// Finds the sample workload and API, built next to the CLI (artifacts/bin/PROJECT/CONFIGURATION/).
/// </summary>
internal static class SampleLocator
{
    public const string Workload = "Tessera.Samples.Workload";
    public const string Api = "Tessera.Samples.Api";

    public static string Find(string project)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = here.Name;
        var candidate = Path.Combine(here.Parent!.Parent!.FullName, project, configuration, project + ".dll");
        return File.Exists(candidate)
            ? candidate
            : throw new FileNotFoundException(
                $"The sample '{project}' is not built (looked for {candidate}). Build the solution with " +
                "'dotnet build' or run the demo through the ./tessera launcher, which builds it.");
    }

    /// <summary>How to start this CLI again as a child process: its apphost, or dotnet with its dll.</summary>
    public static (string Command, string[] Prefix) Self()
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "tessera.exe" : "tessera");
        return File.Exists(apphost)
            ? (apphost, [])
            : ("dotnet", [Path.Combine(AppContext.BaseDirectory, "tessera.dll")]);
    }
}
