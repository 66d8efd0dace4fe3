using System.CommandLine;
using System.Globalization;
using Tessera.Client.Contracts;

namespace Tessera.Cli.Commands;

internal static class RoleCommands
{
    private const string AdminResource = "api://tessera-admin";

    public static Command Create()
    {
        var role = new Command("role",
            "Give identities roles on resources: app roles of an app registration (carried in access tokens as " +
            $"'roles'), or Tessera's own roles on a tenant (resource {AdminResource}): Reader, " +
            "'Credential Administrator', Owner.");
        role.Subcommands.Add(AssignCommand());
        role.Subcommands.Add(ListCommand());
        role.Subcommands.Add(RemoveCommand());
        return role;
    }

    private static Command AssignCommand()
    {
        var identity = new Option<string>("--identity")
        {
            Description = "The identity receiving the role (client ID or name)",
            Required = true,
        };
        var roleName = new Option<string>("--role")
        {
            Description = "An app role the resource declares (e.g. Orders.Read), or Reader, " +
                "'Credential Administrator', Owner",
            Required = true,
        };
        var resource = new Option<string>("--resource")
        {
            Description = "An app registration (identifier URI, client ID or name), or " +
                $"{AdminResource} for Tessera's roles",
            Required = true,
        };
        var command = new Command("assign", "Give an identity a role on a resource.")
        {
            identity, roleName, resource, CommonOptions.Tenant,
        };
        command.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            var request = new CreateRoleAssignmentRequest(result.GetValue(identity), result.GetValue(roleName),
                result.GetValue(resource), result.GetValue(CommonOptions.Tenant));
            var created = await client.CreateRoleAssignmentAsync(request, ct);
            CommonOptions.Printer(result).Item(created,
                ("ID", a => a.Id.ToString()),
                ("Identity", a => $"{a.PrincipalName} (client ID {a.PrincipalClientId})"),
                ("Role", a => a.Role),
                ("Resource", a => a.Resource),
                ("Tenant ID", a => a.TenantId.ToString()));
            return 0;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var identity = new Option<string?>("--identity")
        {
            Description = "Only this identity's roles (client ID or name)",
        };
        var resource = new Option<string?>("--resource")
        {
            Description = $"Only roles on this resource (an app registration, or {AdminResource})",
        };
        var command = new Command("list", "List a tenant's role assignments.")
        {
            identity, resource, CommonOptions.Tenant,
        };
        command.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            var assignments = await client.ListRoleAssignmentsAsync(result.GetValue(CommonOptions.Tenant),
                result.GetValue(identity), result.GetValue(resource), ct);
            CommonOptions.Printer(result).List(assignments,
                ("ID", a => a.Id.ToString()),
                ("IDENTITY", a => a.PrincipalName),
                ("ROLE", a => a.Role),
                ("RESOURCE", a => a.Resource),
                ("CREATED", a => a.CreatedAt.ToString("u", CultureInfo.InvariantCulture)));
            return 0;
        });
        return command;
    }

    private static Command RemoveCommand()
    {
        var id = new Argument<Guid>("ID") { Description = "The role assignment's ID, from 'tessera role list'" };
        var command = new Command("remove",
            "Remove a role assignment; the next access token no longer carries the role.")
        {
            id,
        };
        command.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            await client.DeleteRoleAssignmentAsync(result.GetValue(id), ct);
            CommonOptions.Printer(result).Line($"Removed role assignment {result.GetValue(id)}.");
            return 0;
        });
        return command;
    }
}
