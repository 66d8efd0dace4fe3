using System.CommandLine;
using System.Globalization;
using Tessera.Client.Contracts;

namespace Tessera.Cli.Commands;

internal static class KeyCommands
{
    public static Command Create()
    {
        var keys = new Command("keys", "List and rotate the signing keys of the STS and the hosted issuers.");

        var list = new Command("list", "List signing keys and where each is in its life (pending, active, retired).");
        list.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            CommonOptions.Printer(result).List(await client.ListKeysAsync(ct),
                ("OWNER", k => k.Owner), ("KEY ID", k => k.KeyId), ("ALG", k => k.Algorithm), ("STATE", k => k.State),
                ("SIGNS FROM", k => Time(k.SigningFrom)), ("SIGNS UNTIL", k => Time(k.SigningUntil)),
                ("PUBLISHED UNTIL", k => Time(k.PublishedUntil)));
            return 0;
        });

        var issuer = new Option<string?>("--issuer") { Description = "Rotate this hosted issuer's key" };
        var sts = new Option<bool>("--sts") { Description = "Rotate the STS's key (the one access tokens are signed with)" };
        var lead = Integers.Optional("--lead",
            "Seconds the new key is published before it signs (default: 24 h for the STS, 2 h for issuers)", 0, 7 * 86400,
            "seconds");
        var rotate = new Command("rotate",
            "Publish a new signing key now and sign with it after the lead time; the old key stays published until its " +
            "tokens expire. A key already waiting to sign later than the lead is brought forward instead. Without " +
            "--issuer or --sts, every key is rotated.")
        {
            issuer, sts, lead,
        };
        rotate.SetAction(async (result, ct) =>
        {
            if (result.GetValue(issuer) is not null && result.GetValue(sts))
            {
                await Console.Error.WriteLineAsync("error: give --issuer NAME or --sts, not both (neither rotates every key).");
                return 2;
            }

            using var client = CommonOptions.AdminClient(result);
            var owner = result.GetValue(sts) ? "sts" : result.GetValue(issuer) is { } name ? $"issuer:{name}" : null;
            var results = await client.RotateKeysAsync(new RotateKeysRequest(owner, result.GetValue(lead)), ct);
            CommonOptions.Printer(result).List(results,
                ("OWNER", r => r.Owner), ("ROTATED", r => r.Rotated ? "yes" : "no"), ("DETAIL", r => r.Detail));
            return 0;
        });

        keys.Subcommands.Add(list);
        keys.Subcommands.Add(rotate);
        return keys;
    }

    private static string Time(DateTimeOffset? time) => time?.ToString("u", CultureInfo.InvariantCulture) ?? "-";
}
