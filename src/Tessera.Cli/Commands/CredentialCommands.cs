using System.CommandLine;
using Tessera.Client.Contracts;

namespace Tessera.Cli.Commands;

internal static class CredentialCommands
{
    public static Command Create()
    {
        var credential = new Command("credential", "Create, list and delete federated identity credentials.");
        credential.Subcommands.Add(CreateCommand());
        credential.Subcommands.Add(ListCommand());
        credential.Subcommands.Add(DeleteCommand());
        return credential;
    }

    private static Option<string> IdentityOption() => new("--identity")
    {
        Description = "The identity's client ID or name",
        Required = true,
    };

    private static Command CreateCommand()
    {
        var identity = IdentityOption();
        var name = new Option<string>("--name") { Description = "3-120 letters, digits, '-' or '_'; cannot be changed", Required = true };
        var issuer = new Option<string>("--issuer") { Description = "The issuer URL, exactly as the token's 'iss'", Required = true };
        var subject = new Option<string>("--subject")
        {
            Description = "The token's 'sub' exactly, e.g. system:serviceaccount:NAMESPACE:NAME",
            Required = true,
        };
        var audience = new Option<string?>("--audience") { Description = "The token's audience (default api://AzureADTokenExchange)" };
        var description = new Option<string?>("--description") { Description = "Free text, up to 600 characters" };
        var command = new Command("create", "Trust tokens of one issuer and subject to sign in as an identity.")
        {
            identity, name, issuer, subject, audience, description, CommonOptions.Tenant,
        };
        command.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            var audienceValue = result.GetValue(audience);
            var created = await client.CreateCredentialAsync(result.GetValue(identity)!, result.GetValue(CommonOptions.Tenant),
                new CreateFederatedCredentialRequest(result.GetValue(name), result.GetValue(issuer), result.GetValue(subject),
                    audienceValue is null ? null : [audienceValue], result.GetValue(description)), ct);
            CommonOptions.Printer(result).Item(created,
                ("Name", c => c.Name), ("Issuer", c => c.Issuer), ("Subject", c => c.Subject),
                ("Audience", c => string.Join(", ", c.Audiences)), ("Client ID", c => c.ClientId.ToString()));
            return 0;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var identity = IdentityOption();
        var command = new Command("list", "List an identity's federated credentials.") { identity, CommonOptions.Tenant };
        command.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            CommonOptions.Printer(result).List(
                await client.ListCredentialsAsync(result.GetValue(identity)!, result.GetValue(CommonOptions.Tenant), ct),
                ("NAME", c => c.Name), ("ISSUER", c => c.Issuer), ("SUBJECT", c => c.Subject),
                ("AUDIENCE", c => string.Join(",", c.Audiences)));
            return 0;
        });
        return command;
    }

    private static Command DeleteCommand()
    {
        var identity = IdentityOption();
        var name = new Option<string>("--name") { Description = "The credential's name", Required = true };
        var command = new Command("delete", "Delete a federated credential.") { identity, name, CommonOptions.Tenant };
        command.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            await client.DeleteCredentialAsync(result.GetValue(identity)!, result.GetValue(name)!, result.GetValue(CommonOptions.Tenant), ct);
            CommonOptions.Printer(result).Line($"Deleted federated credential '{result.GetValue(name)}'.");
            return 0;
        });
        return command;
    }
}
