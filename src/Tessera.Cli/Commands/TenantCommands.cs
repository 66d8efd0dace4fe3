using System.CommandLine;
using System.Globalization;
using Tessera.Client.Contracts;

namespace Tessera.Cli.Commands;

internal static class TenantCommands
{
    public static Command Create()
    {
        var tenant = new Command("tenant", "Create and list tenants.");

        var name = new Argument<string>("NAME") { Description = "3-64 lowercase letters, digits, '-' or '.'" };
        var create = new Command("create", "Create a tenant.") { name };
        create.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            var created = await client.CreateTenantAsync(new CreateTenantRequest(result.GetValue(name)), ct);
            CommonOptions.Printer(result).Item(created,
                ("Tenant", t => t.Name), ("ID", t => t.Id.ToString()));
            return 0;
        });

        var list = new Command("list", "List tenants.");
        list.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            CommonOptions.Printer(result).List(await client.ListTenantsAsync(ct),
                ("ID", t => t.Id.ToString()), ("NAME", t => t.Name),
                ("CREATED", t => t.CreatedAt.ToString("u", CultureInfo.InvariantCulture)));
            return 0;
        });

        tenant.Subcommands.Add(create);
        tenant.Subcommands.Add(list);
        return tenant;
    }
}
