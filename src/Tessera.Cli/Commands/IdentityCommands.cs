using System.CommandLine;
using Tessera.Cli.Output;
using Tessera.Client.Contracts;

namespace Tessera.Cli.Commands;

internal static class IdentityCommands
{
    public static Command Create()
    {
        var identity = new Command("identity", "Create, list, show and delete managed identities and app registrations.");
        identity.Subcommands.Add(CreateCommand());
        identity.Subcommands.Add(ListCommand());
        identity.Subcommands.Add(ShowCommand());
        identity.Subcommands.Add(DeleteCommand());
        identity.Subcommands.Add(SetAppRolesCommand());
        return identity;
    }

    internal static void PrintIdentity(Printer printer, IdentityResource identity) => printer.Item(identity,
        ("Name", i => i.Name),
        ("Kind", i => i.Kind),
        ("Client ID", i => i.ClientId.ToString()),
        ("Principal ID", i => i.PrincipalId.ToString()),
        ("Tenant ID", i => i.TenantId.ToString()),
        ("Resource ID", i => i.ResourceId ?? "-"),
        ("Identifier URI", i => i.IdentifierUri ?? "-"),
        ("Token version", i => i.AccessTokenVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("App roles", i => i.AppRoles is null ? "-" : i.AppRoles.Count == 0 ? "none" : string.Join(", ", i.AppRoles)));

    private static Command CreateCommand()
    {
        var name = new Argument<string>("NAME") { Description = "3-128 letters, digits, '-' or '_'" };
        var kind = new Option<string>("--kind")
        {
            Description = "managed-identity (24-hour access tokens) or app-registration (1-hour tokens; can be a resource)",
            DefaultValueFactory = _ => "managed-identity",
        };
        kind.AcceptOnlyFromAmong("managed-identity", "app-registration");
        var identifierUri = new Option<string?>("--identifier-uri")
        {
            Description = "For app registrations: the resource URI others request tokens for (default api://CLIENT_ID)",
        };
        var version = Integers.Optional("--access-token-version",
            "For app registrations: 1 (default) or 2, the claim set of access tokens issued for it", 1, 2, "a version");
        var appRoles = new Option<string[]>("--app-role")
        {
            Description = "For app registrations: an app role it declares, such as Orders.Read (repeatable)",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("create", "Create an identity.")
        {
            name, kind, identifierUri, version, appRoles, CommonOptions.Tenant,
        };
        command.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            var created = await client.CreateIdentityAsync(new CreateIdentityRequest(
                result.GetValue(name), result.GetValue(kind), result.GetValue(CommonOptions.Tenant),
                result.GetValue(identifierUri), result.GetValue(version),
                result.GetValue(appRoles) is { Length: > 0 } roles ? roles : null), ct);
            PrintIdentity(CommonOptions.Printer(result), created);
            return 0;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var command = new Command("list", "List identities (of one tenant with --tenant).") { CommonOptions.Tenant };
        command.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            CommonOptions.Printer(result).List(await client.ListIdentitiesAsync(result.GetValue(CommonOptions.Tenant), ct),
                ("NAME", i => i.Name), ("KIND", i => i.Kind), ("CLIENT ID", i => i.ClientId.ToString()),
                ("TENANT ID", i => i.TenantId.ToString()));
            return 0;
        });
        return command;
    }

    private static Command ShowCommand()
    {
        var reference = new Argument<string>("IDENTITY") { Description = "Client ID or name" };
        var command = new Command("show", "Show an identity.") { reference, CommonOptions.Tenant };
        command.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            var found = await client.GetIdentityAsync(result.GetValue(reference)!, result.GetValue(CommonOptions.Tenant), ct);
            PrintIdentity(CommonOptions.Printer(result), found);
            return 0;
        });
        return command;
    }

    private static Command SetAppRolesCommand()
    {
        var reference = new Argument<string>("IDENTITY") { Description = "The app registration: client ID or name" };
        var roles = new Argument<string[]>("ROLE")
        {
            Description = "Every app role it declares from now on, such as Orders.Read Orders.Write (none clears them)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("set-app-roles",
            "Replace the app roles an app registration declares; a role still assigned to an identity cannot be " +
            "dropped.")
        {
            reference, roles, CommonOptions.Tenant,
        };
        command.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            var set = await client.SetAppRolesAsync(result.GetValue(reference)!, result.GetValue(CommonOptions.Tenant),
                new AppRolesResource(result.GetValue(roles) ?? []), ct);
            CommonOptions.Printer(result).Item(set,
                ("App roles", r => r.AppRoles.Count == 0 ? "none" : string.Join(", ", r.AppRoles)));
            return 0;
        });
        return command;
    }

    private static Command DeleteCommand()
    {
        var reference = new Argument<string>("IDENTITY") { Description = "Client ID or name" };
        var command = new Command("delete", "Delete an identity and its federated credentials.") { reference, CommonOptions.Tenant };
        command.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            await client.DeleteIdentityAsync(result.GetValue(reference)!, result.GetValue(CommonOptions.Tenant), ct);
            CommonOptions.Printer(result).Line($"Deleted identity '{result.GetValue(reference)}'.");
            return 0;
        });
        return command;
    }
}
