using System.CommandLine;
using System.Globalization;
using Tessera.Client.Contracts;

namespace Tessera.Cli.Commands;

internal static class AgentCredentialCommands
{
    public static Command Create()
    {
        var command = new Command("agent-credential",
            "Let a machine run 'tessera run' without the admin token: a secret that may only mint tokens for the " +
            "service accounts it names.");

        var issuer = new Option<string>("--issuer") { Description = "The hosted issuer that will mint", Required = true };
        var accounts = new Option<string>("--service-accounts")
        {
            Description = "NAMESPACE/NAME, or NAMESPACE/* for every account of a namespace",
            Required = true,
        };
        var create = new Command("create", "Create an agent credential and print its secret (shown only once).") { issuer, accounts };
        create.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            var created = await client.CreateAgentCredentialAsync(result.GetValue(issuer)!,
                new CreateAgentCredentialRequest(result.GetValue(accounts)), ct);
            var printer = CommonOptions.Printer(result);
            printer.Item(created, ("ID", c => c.Id.ToString()), ("Issuer", c => c.Issuer),
                ("Service accounts", c => c.ServiceAccounts), ("Secret", c => c.Secret));
            printer.Line("Store the secret in a file readable only by the agent's user (chmod 600) and pass it with " +
                "'tessera run --agent-credential-file FILE'. It is not shown again.");
            return 0;
        });

        var listIssuer = new Option<string>("--issuer") { Description = "The hosted issuer", Required = true };
        var list = new Command("list", "List an issuer's agent credentials (never their secrets).") { listIssuer };
        list.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            CommonOptions.Printer(result).List(await client.ListAgentCredentialsAsync(result.GetValue(listIssuer)!, ct),
                ("ID", c => c.Id.ToString()), ("SERVICE ACCOUNTS", c => c.ServiceAccounts),
                ("CREATED", c => c.CreatedAt.ToString("u", CultureInfo.InvariantCulture)));
            return 0;
        });

        var deleteIssuer = new Option<string>("--issuer") { Description = "The hosted issuer", Required = true };
        var id = new Option<Guid>("--id") { Description = "The credential's ID", Required = true };
        var delete = new Command("delete", "Delete an agent credential; its agent can no longer mint.") { deleteIssuer, id };
        delete.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            await client.DeleteAgentCredentialAsync(result.GetValue(deleteIssuer)!, result.GetValue(id), ct);
            CommonOptions.Printer(result).Line($"Deleted agent credential {result.GetValue(id)}.");
            return 0;
        });

        command.Subcommands.Add(create);
        command.Subcommands.Add(list);
        command.Subcommands.Add(delete);
        return command;
    }
}
