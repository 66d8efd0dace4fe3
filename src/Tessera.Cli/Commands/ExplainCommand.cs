using System.CommandLine;
using Tessera.Cli.Output;
using Tessera.Client.Contracts;

namespace Tessera.Cli.Commands;

internal static class ExplainCommand
{
    public static Command Create()
    {
        var assertion = new Option<FileInfo>("--assertion")
        {
            Description = "File holding the workload token (read as an SDK reads it: exactly, no trimming)",
            Required = true,
        };
        assertion.AcceptExistingOnly();
        var identity = new Option<string?>("--identity")
        {
            Description = "The identity the token should sign in as (client ID or name); default: the nearest match in the tenant",
        };
        var explain = new Command("explain",
            "Show, check by check, whether a workload token would be accepted: nearest federated credential and the " +
            "exact difference, discovery and keys, signature, time window. Exit code 0 only when it would succeed.")
        {
            assertion, identity, CommonOptions.Tenant,
        };
        explain.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            var text = await File.ReadAllTextAsync(result.GetValue(assertion)!.FullName, ct);
            var explanation = await client.ExplainAsync(
                new ExplainRequest(text, result.GetValue(identity), result.GetValue(CommonOptions.Tenant)), ct);
            var printer = CommonOptions.Printer(result);
            if (printer.Format == OutputFormat.Json)
            {
                printer.Item(explanation);
            }
            else
            {
                printer.List(explanation.Steps, ("CHECK", s => s.Check), ("RESULT", s => s.Passed ? "pass" : "FAIL"),
                    ("DETAIL", s => s.Detail));
                Console.WriteLine();
                Console.WriteLine(explanation.WouldSucceed
                    ? "The exchange would succeed (for a resource registered in the tenant)."
                    : $"The exchange would fail at: {explanation.Steps.First(s => !s.Passed).Check}.");
            }

            return explanation.WouldSucceed ? 0 : 1;
        });
        return explain;
    }
}
