using System.CommandLine;
using Tessera.Cli;
using Tessera.Cli.Commands;
using Tessera.Agent;
using Tessera.Client;

var root = new RootCommand(
    "Tessera: self-hosted workload identity federation, compatible with Microsoft Entra Workload ID and the Azure SDKs.")
{
    CommonOptions.Server,
    CommonOptions.Data,
    CommonOptions.CaFile,
    CommonOptions.TokenFile,
    CommonOptions.Output,
};
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(TenantCommands.Create());
root.Subcommands.Add(IdentityCommands.Create());
root.Subcommands.Add(CredentialCommands.Create());
root.Subcommands.Add(IssuerCommands.Create());
root.Subcommands.Add(TokenCommands.Create());
root.Subcommands.Add(AgentCredentialCommands.Create());
root.Subcommands.Add(AgentCommands.Create());
root.Subcommands.Add(LogsCommand.Create());
root.Subcommands.Add(ExplainCommand.Create());
root.Subcommands.Add(AdminCommands.Create());
root.Subcommands.Add(KeyCommands.Create());
root.Subcommands.Add(StaticKeyCommands.Create());
root.Subcommands.Add(TrustedIssuerCommands.Create());
root.Subcommands.Add(RoleCommands.Create());
root.Subcommands.Add(AuditCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(InstallCommand.Create());

var invocation = new InvocationConfiguration
{
    EnableDefaultExceptionHandler = false,
    // 'serve' and 'run' handle termination signals themselves (the host stops; the child gets the signal).
    ProcessTerminationTimeout = null,
};

try
{
    return await root.Parse(args).InvokeAsync(invocation);
}
catch (TesseraClientException ex)
{
    var errors = ex.Problem?.Errors ?? [];
    if (errors.Count > 1)
    {
        Console.Error.WriteLine($"error: the request broke {errors.Count} rules:");
        foreach (var field in errors)
        {
            Console.Error.WriteLine($"  - {field.Message}");
        }
    }
    else
    {
        Console.Error.WriteLine($"error: {(errors.Count == 1 ? errors[0].Message : ex.Message)}");
    }

    return 1;
}
catch (ProgramStartException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return ex.ExitCode;
}
catch (OperationCanceledException)
{
    return 130;
}
catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException
    or UnauthorizedAccessException or FileNotFoundException or System.Security.Cryptography.CryptographicException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
