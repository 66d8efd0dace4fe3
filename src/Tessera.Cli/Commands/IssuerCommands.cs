using System.CommandLine;
using Tessera.Client.Contracts;

namespace Tessera.Cli.Commands;

internal static class IssuerCommands
{
    public static Command Create()
    {
        var issuer = new Command("issuer", "Create and list workload issuers hosted by Tessera.");

        var name = new Argument<string>("NAME") { Description = "1-63 lowercase letters, digits or '-'" };
        var create = new Command("create", "Create a hosted issuer with its own signing key.") { name };
        create.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            var created = await client.CreateIssuerAsync(new CreateIssuerRequest(result.GetValue(name)), ct);
            CommonOptions.Printer(result).Item(created,
                ("Issuer", i => i.Name), ("URL", i => i.Url), ("Discovery", i => i.DiscoveryUrl), ("Keys", i => i.JwksUrl));
            return 0;
        });

        var list = new Command("list", "List hosted issuers.");
        list.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            CommonOptions.Printer(result).List(await client.ListIssuersAsync(ct), ("NAME", i => i.Name), ("URL", i => i.Url));
            return 0;
        });

        issuer.Subcommands.Add(create);
        issuer.Subcommands.Add(list);
        return issuer;
    }
}
