namespace Tessera.Testing;

/// <summary>Locations in the repository and its build output, found from the test assembly's folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests run under (debug or release), as the artifacts folder names it.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Name;

    public static string Binary(string project, string assembly) =>
        Path.Combine(Root, "artifacts", "bin", project, Configuration, assembly + ".dll");

    public static string TesseraCli => Binary("Tessera.Cli", "tessera");


    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Tessera.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Tessera.slnx not found above the test folder.");
    }
}
