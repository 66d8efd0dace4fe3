using System.CommandLine;
using System.Globalization;

namespace Tessera.Cli.Commands;

internal static class AuditCommand
{
    public static Command Create()
    {
        var actor = new Option<string?>("--actor") { Description = "Only changes by this caller, as the log names it" };
        var action = new Option<string?>("--action")
        {
            Description = "Only this action, such as federated-credential.create or role-assignment.delete",
        };
        var since = new Option<string?>("--since")
        {
            Description = "From this time: ISO 8601, or a duration ago such as 30m, 2h, 7d",
        };
        var until = new Option<string?>("--until") { Description = "Until this time (same forms as --since)" };
        var limit = Integers.Required(
            "--limit", "At most this many records (1-1000)", 50, 1, 1000, "a number of records");

        var audit = new Command("audit",
            "Show the audit log: every change made through the admin API, newest first, with who made it and the " +
            "object before and after (with --output json).")
        {
            actor, action, since, until, limit, CommonOptions.Tenant,
        };
        audit.SetAction(async (result, ct) =>
        {
            using var client = CommonOptions.AdminClient(result);
            var records = await client.ListAuditAsync(result.GetValue(CommonOptions.Tenant), result.GetValue(actor),
                result.GetValue(action), LogsCommand.ParseTime(result.GetValue(since), "--since"),
                LogsCommand.ParseTime(result.GetValue(until), "--until"), result.GetValue(limit), ct);
            CommonOptions.Printer(result).List(records,
                ("TIME", r => r.Time.ToString("u", CultureInfo.InvariantCulture)),
                ("ACTOR", r => r.Actor),
                ("ACTION", r => r.Action),
                ("TARGET", r => r.Target),
                ("CORRELATION ID", r => r.CorrelationId));
            return 0;
        });
        return audit;
    }
}
