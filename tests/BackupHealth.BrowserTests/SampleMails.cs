using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Notify.Channels;
using BackupHealth.Collector.Notify.Links;
using BackupHealth.Collector.Rules;
using BackupHealth.Contracts.V1;
using MimeKit;
using TimeZoneConverter;

namespace BackupHealth.BrowserTests;

/// <summary>The e-mails a technician gets at 3 a.m., composed as the e-mail channel composes them: several alerts
/// firing, a resolve, an acknowledgement and an alert that re-opens a person's resolve, for a customer in Berlin.</summary>
internal static class SampleMails
{
    public const string Firing = "firing";
    public const string Resolved = "resolved";
    public const string Acknowledged = "acknowledged";
    public const string Reopened = "reopened";

    private const long SiteId = 3;
    private static readonly DateTimeOffset At = new(2026, 12, 7, 2, 41, 0, TimeSpan.Zero);

    public static IReadOnlyList<string> Names => [Firing, Resolved, Acknowledged, Reopened];

    /// <summary>The HTML part of the named mail.</summary>
    public static string Html(string name) => Compose(name).HtmlBody ?? throw new InvalidOperationException("The mail has no HTML part.");

    /// <summary>The named mail, composed as the e-mail channel composes it.</summary>
    public static MimeMessage Compose(string name)
    {
        AlertChange[] changes = name switch
        {
            Firing => [SqlFailed(AlertChangeKind.Fired), AgentSilent(), FilesMissed(AlertChangeKind.Repeated)],
            Resolved => [SqlFailed(AlertChangeKind.Resolved) with
            {
                ResolvedAt = At,
                ResolvingRun = new RunSummary(RunStatus.Success, At.AddMinutes(-3), At.AddMinutes(-52), At.AddMinutes(-3), 182_400_000_000, "Retry succeeded"),
            }],
            Acknowledged => [SqlFailed(AlertChangeKind.Acknowledged) with { AcknowledgedBy = "alice", AcknowledgeComment = "Repository on NAS01 is full; moving old chains to tape, retry by 05:00" }],
            _ => [FilesMissed(AlertChangeKind.Fired) with
            {
                AlertId = 52,
                AlertKey = "bh-52",
                EventId = "bh-52-fired-1796611260000",
                Reopens = new ReopenedAlert(44, "alice", At.AddHours(-20), "share remounted on FS01"),
            }],
        };
        var delivery = new Delivery(1207, new SiteNotification(SiteId, "Contoso Ltd", "Head office", At, changes));
        var channel = new ChannelOptions { Name = "noc-mail", Type = ChannelTypes.Email, From = "BackupHealth <backuphealth@msp.example>", To = ["noc@msp.example"] };
        var context = new MessageContext(new NotificationLinks("https://backups.msp.example/"), new CustomerTimeZones(TZConvert.GetTimeZoneInfo("Europe/Berlin")), () => Task.FromResult("0123456789ab"));
        return EmailComposer.Compose(delivery, channel, context);
    }

    private static AlertChange SqlFailed(AlertChangeKind kind) => new(
        41, "bh-41", "job_failed", "job:12", AlertSeverity.Critical, kind, "SQL01 nightly failed",
        "newest run 2026-12-07 02:14 UTC failed: Error: There is not enough space on the disk.\nFailed to write 1.2 GB to the backup repository",
        "hv01-agent", "SQL01 nightly", At.AddMinutes(-25), kind == AlertChangeKind.Resolved ? At : null,
        [
            new RunSummary(RunStatus.Failed, At.AddMinutes(-27), At.AddMinutes(-95), At.AddMinutes(-27), 96_100_000_000, "There is not enough space on the disk."),
            new RunSummary(RunStatus.Warning, At.AddDays(-1), At.AddDays(-1).AddHours(-1), At.AddDays(-1), 181_900_000_000, "Changed block tracking was reset for SQL01"),
            new RunSummary(RunStatus.Success, At.AddDays(-2), At.AddDays(-2).AddHours(-1), At.AddDays(-2), 181_500_000_000, ""),
        ])
    {
        JobId = 12,
        SourceKind = "veeam.vbr",
        HostName = "hv01",
        Location = @"\\NAS01\VeeamRepo\SQL01 nightly\SQL01 nightlyD2026-12-07T010611_6A1F.vbk",
        Since = At.AddMinutes(-27),
        LastSuccess = At.AddDays(-2),
        EventId = $"bh-41-{NotificationText.ChangeName(kind)}-1796611260000",
    };

    private static AlertChange AgentSilent() => new(
        43, "bh-43", "agent_silent", "agent:hv02-agent", AlertSeverity.Critical, AlertChangeKind.Fired, "Agent hv02-agent silent for 2 h 10 min",
        "last heard from 2026-12-07 00:31 UTC\nhost hv02, Contoso Ltd / Head office\nan agent is silent after 15 min without a connection",
        "hv02-agent", null, At.AddMinutes(-115), null, [])
    {
        HostName = "hv02",
        LastHeard = At.AddMinutes(-130),
        Since = At.AddMinutes(-130),
        EventId = "bh-43-fired-1796611260000",
    };

    private static AlertChange FilesMissed(AlertChangeKind kind) => new(
        44, "bh-44", "job_missed", "job:15", AlertSeverity.Warning, kind, "FS01 daily missed",
        "no successful run since 2026-12-05 23:00 UTC (expected every 1 day + 2 h)",
        "hv01-agent", "FS01 daily", At.AddHours(-3), null,
        [new RunSummary(RunStatus.Success, At.AddDays(-1).AddHours(-4), At.AddDays(-1).AddHours(-5), At.AddDays(-1).AddHours(-4), 3_200_000_000_000, "")])
    {
        JobId = 15,
        SourceKind = "files",
        HostName = "hv01",
        Location = @"\\FS01\exports",
        Since = At.AddDays(-1).AddHours(-4),
        LastSuccess = At.AddDays(-1).AddHours(-4),
        DueBy = At.AddHours(-3),
        EventId = $"bh-44-{NotificationText.ChangeName(kind)}-1796611260000",
    };
}
