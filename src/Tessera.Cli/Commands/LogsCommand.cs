using System.CommandLine;
using System.Globalization;

namespace Tessera.Cli.Commands;

internal static class LogsCommand
{
    public static Command Create()
    {
        var identity = new Option<string?>("--identity") { Description = "Only this identity (client ID or name)" };
        var outcome = new Option<string?>("--outcome") { Description = "success or failure" };
        outcome.AcceptOnlyFromAmong("success", "failure");
        var code = Integers.Optional("--code", "Only this AADSTS error code, e.g. 700213", 1, int.MaxValue, "an AADSTS code");
        var since = new Option<string?>("--since") { Description = "From this time: ISO 8601, or a duration ago such as 30m, 2h, 7d" };
        var until = new Option<string?>("--until") { Description = "Until this time (same forms as --since)" };
        var limit = Integers.Required("--limit", "At most this many records (1-1000)", 50, 1, 1000, "a number of records");

        var logs = new Command("logs", "Show the sign-in log: every token exchange, newest first, with the reason for each failure.")
        {
            identity, outcome, code, since, until, limit, CommonOptions.Tenant,
        };
        logs.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            var records = await client.ListSignInsAsync(result.GetValue(identity), result.GetValue(outcome), result.GetValue(code),
                ParseTime(result.GetValue(since), "--since"), ParseTime(result.GetValue(until), "--until"),
                result.GetValue(limit), ct, result.GetValue(CommonOptions.Tenant));
            CommonOptions.Printer(result).List(records,
                ("TIME", r => r.Time.ToString("u", CultureInfo.InvariantCulture)),
                ("OUTCOME", r => r.Outcome),
                ("CODE", r => r.ErrorCode?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                ("IDENTITY", r => r.IdentityName ?? r.ClientId?.ToString() ?? "-"),
                ("SUBJECT", r => r.Subject ?? "-"),
                ("REASON", r => r.ErrorDescription ?? r.Resource));
            return 0;
        });
        return logs;
    }

    /// <summary>Reads an ISO 8601 time or a duration before now (30m, 2h, 7d).</summary>
    internal static DateTimeOffset? ParseTime(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        var unit = text.Length > 1 ? text[^1] : ' ';
        if (double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0
            && unit is 's' or 'm' or 'h' or 'd')
        {
            var span = unit switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            return DateTimeOffset.UtcNow - span;
        }

        throw new ArgumentException(
            $"{option} '{text}' is neither an ISO 8601 time (2026-12-03T10:00:00Z) nor a duration such as 30m, 2h or 7d.");
    }
}
