using System.CommandLine;
using Tessera.Cli.Output;
using Tessera.Client;
using Tessera.Client.Contracts;
using Tessera.Domain.FederatedCredentials.Presets;

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
        var options = new CredentialCreateOptions();
        var command = new Command("create",
            "Trust tokens of one issuer and subject (or claims matching expression) to sign in as an identity. " +
            "--preset github|gitlab|kubernetes fills issuer, subject and audience from a few facts.")
        {
            identity, CommonOptions.Tenant,
        };
        options.AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var (resolved, violations) = FederationPresets.Resolve(options.Arguments(result));
            var name = result.GetValue(options.Name) ?? resolved?.SuggestedName;
            if (resolved is null || name is null)
            {
                foreach (var violation in violations)
                {
                    await Console.Error.WriteLineAsync($"error: {violation.Message}");
                }

                if (resolved is not null)
                {
                    await Console.Error.WriteLineAsync("error: --name is missing: name the credential (3-120 letters, " +
                        "digits, '-' or '_').");
                }

                return 2;
            }

            using var client = CommonOptions.AdminClient(result);
            var audience = result.GetValue(options.Audience);
            var expression = resolved.ClaimsMatchingExpression is { } text ? new ClaimsMatchingExpression(text) : null;
            var created = await client.CreateCredentialAsync(result.GetValue(identity)!, result.GetValue(CommonOptions.Tenant),
                new CreateFederatedCredentialRequest(name, resolved.Issuer, resolved.Subject,
                    audience is null ? null : [audience], result.GetValue(options.Description), expression), ct);
            var printer = CommonOptions.Printer(result);
            printer.Item(created,
                ("Name", c => c.Name), ("Issuer", c => c.Issuer), ("Subject", c => c.Subject),
                ("Claims matching expression", c => c.ClaimsMatchingExpression?.Value),
                ("Audience", c => string.Join(", ", c.Audiences)), ("Client ID", c => c.ClientId.ToString()));
            if (resolved.ReplayProtection is true)
            {
                await RecommendReplayProtectionAsync(client, printer, created.Issuer, ct);
            }

            foreach (var advice in resolved.Advice)
            {
                printer.Line($"Note: {advice}");
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// CI presets turn replay protection on for their issuer, as each CI sign-in asks the provider for a new token;
    /// an issuer that already has settings keeps them, since an administrator chose them.
    /// </summary>
    private static async Task RecommendReplayProtectionAsync(
        TesseraAdminClient client, Printer printer, string issuer, CancellationToken ct)
    {
        try
        {
            var existing = (await client.ListTrustedIssuersAsync(ct)).FirstOrDefault(i => i.Issuer == issuer);
            if (existing is not null)
            {
                printer.Line($"Issuer {issuer} already has settings (replay protection " +
                    $"{(existing.ReplayProtection ? "on" : "off")}); left as they are.");
                return;
            }

            await client.SetTrustedIssuerAsync(new SetTrustedIssuerRequest(issuer, true), ct);
            printer.Line($"Turned replay protection on for issuer {issuer}: each of its tokens is accepted once. " +
                $"Undo with: tessera trusted-issuer set --issuer {issuer} --replay-protection off");
        }
        catch (TesseraClientException ex) when (ex.Status == 403)
        {
            printer.Line($"Replay protection for issuer {issuer} was left off: setting it needs the admin token " +
                $"(tessera trusted-issuer set --issuer {issuer} --replay-protection on).");
        }
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
                ("NAME", c => c.Name), ("ISSUER", c => c.Issuer),
                ("SUBJECT OR CLAIMS MATCHING EXPRESSION", c => c.Subject ?? c.ClaimsMatchingExpression?.Value),
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
