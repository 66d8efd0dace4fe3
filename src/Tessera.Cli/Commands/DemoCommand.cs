using System.CommandLine;
using Tessera.Cli.Demo;

namespace Tessera.Cli.Commands;

internal static class DemoCommand
{
    public static Command Create()
    {
        var demo = new Command("demo",
            "Run the whole token dance on this machine: server, directory, protected API, and a workload signing in " +
            "with the Azure SDK.");
        demo.SetAction((result, ct) => new DemoRunner(Console.Out).RunAsync(ct));
        return demo;
    }
}
