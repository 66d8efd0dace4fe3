using System.CommandLine;
using System.Globalization;
using Tessera.Client.Contracts;

namespace Tessera.Cli.Commands;

/// <summary>
/// Settings of external issuers, whichever identities trust them: for now, replay protection (each assertion is
/// exchanged once). Off unless set; CI presets of 'tessera credential create' set it on.
/// </summary>
internal static class TrustedIssuerCommands
{
    public static Command Create()
    {
        var command = new Command("trusted-issuer",
            "Settings of external issuers: replay protection accepts each of an issuer's tokens once.");

        var list = new Command("list", "List the issuers with settings; others have replay protection off.");
        list.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            CommonOptions.Printer(result).List(await client.ListTrustedIssuersAsync(ct),
                ("ISSUER", i => i.Issuer), ("REPLAY PROTECTION", i => i.ReplayProtection ? "on" : "off"),
                ("UPDATED", i => i.UpdatedAt.ToString("u", CultureInfo.InvariantCulture)));
            return 0;
        });

        var issuer = new Option<string>("--issuer")
        {
            Description = "The issuer URL, exactly as in its tokens' 'iss' claim",
            Required = true,
        };
        var replay = new Option<string>("--replay-protection")
        {
            Description = "on: each token (iss, jti) is accepted once; off: tokens may be reused until they expire",
            Required = true,
        };
        replay.AcceptOnlyFromAmong("on", "off");
        var set = new Command("set", "Set an issuer's replay protection.") { issuer, replay };
        set.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            var stored = await client.SetTrustedIssuerAsync(
                new SetTrustedIssuerRequest(result.GetValue(issuer), result.GetValue(replay) == "on"), ct);
            CommonOptions.Printer(result).Item(stored, ("Issuer", i => i.Issuer),
                ("Replay protection", i => i.ReplayProtection ? "on" : "off"));
            return 0;
        });

        var deleteIssuer = new Option<string>("--issuer") { Description = "The issuer URL", Required = true };
        var delete = new Command("delete", "Delete an issuer's settings; it gets the defaults (replay protection off).")
        {
            deleteIssuer,
        };
        delete.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            await client.DeleteTrustedIssuerAsync(result.GetValue(deleteIssuer)!, ct);
            CommonOptions.Printer(result).Line(
                $"Deleted the settings of {result.GetValue(deleteIssuer)}; replay protection is off for it.");
            return 0;
        });

        command.Subcommands.Add(list);
        command.Subcommands.Add(set);
        command.Subcommands.Add(delete);
        return command;
    }
}
