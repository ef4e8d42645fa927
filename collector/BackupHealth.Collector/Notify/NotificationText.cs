using System.Globalization;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;

namespace BackupHealth.Collector.Notify;

/// <summary>Words and formats every channel uses, so an e-mail, a chat message and the API say the same thing.</summary>
internal static class NotificationText
{
    private const int MaxSubjectItems = 3;

    /// <summary>Firing changes first, the most severe first, then acknowledgements and resolves; within each, by the
    /// name people know the thing by in natural order (<c>job 2</c> before <c>job 10</c>), then by alert id.</summary>
    public static IReadOnlyList<AlertChange> Ordered(IEnumerable<AlertChange> changes) =>
        [.. changes.OrderBy(Rank).ThenByDescending(c => IsFiring(c) ? (int)c.Severity : 0)
            .ThenBy(Name, NaturalOrder.Instance).ThenBy(c => c.AlertId)];

    /// <summary>The subject of every channel: it counts and names, e.g.
    /// <c>CRITICAL 2 firing at Contoso Ltd / Head office: SQL01 failed, FS01 missed</c>; a notification of only repeats
    /// is <c>REMINDER CRITICAL 2 firing at …</c>; of only resolves <c>RESOLVED at …: SQL01 failed</c>; of only
    /// acknowledgements <c>ACKNOWLEDGED at …</c>. One line whatever the names hold.</summary>
    public static string Headline(SiteNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var ordered = Ordered(notification.Changes);
        var where = $"{notification.Customer} / {notification.Site}";
        if (ordered.Count == 0)
        {
            return OneLine(where);
        }

        var firing = ordered.Where(IsFiring).ToList();
        if (firing.Count > 0)
        {
            var reminder = firing.All(c => c.Kind == AlertChangeKind.Repeated) ? "REMINDER " : "";
            var rest = ordered.Count - firing.Count;
            var others = rest > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {rest} other {(rest == 1 ? "change" : "changes")}") : "";
            return OneLine(string.Create(CultureInfo.InvariantCulture,
                $"{reminder}{SeverityLabel(firing[0].Severity)} {firing.Count} firing at {where}: {Items(firing)}{others}"));
        }

        var acknowledged = ordered.All(c => c.Kind == AlertChangeKind.Acknowledged);
        return OneLine($"{(acknowledged ? "ACKNOWLEDGED" : "RESOLVED")} at {where}: {Items(ordered)}");
    }

    /// <summary>What people call the thing the alert is about: the job, else the agent's host, else the title.</summary>
    public static string Name(AlertChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return OneLine(change.JobName ?? (change.Subject.StartsWith("agent:", StringComparison.Ordinal) ? change.HostName ?? change.AgentKey : null) ?? change.Title);
    }

    /// <summary>"SQL01 failed": the name and the rule's problem word (the title alone when the name is the title).</summary>
    public static string Item(AlertChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var name = Name(change);
        return name == OneLine(change.Title) ? name : $"{name} {RuleGuide.Problem(change.Rule)}";
    }

    /// <summary>What the alert means, in words; the title when the rule has no words of its own.</summary>
    public static string What(AlertChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var what = RuleGuide.What(change.Rule);
        return what.Length > 0 ? what : OneLine(change.Title);
    }

    /// <summary>Where: customer / site, the agent's host, the job, and the file, VM or repository its newest run names.</summary>
    public static string Where(SiteNotification notification, AlertChange change)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(change);
        var parts = new List<string> { $"{notification.Customer} / {notification.Site}" };
        if ((change.HostName ?? change.AgentKey) is { } host)
        {
            parts.Add($"host {host}");
        }

        if (change.JobName is { } job)
        {
            parts.Add($"job {job}");
        }

        if (change.Location is { } location)
        {
            parts.Add(location);
        }

        return OneLine(string.Join(" · ", parts));
    }

    /// <summary>Since when, by the source's own clock when it says (the failing run), else when the alert fired.</summary>
    public static DateTimeOffset Since(AlertChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Since ?? change.FiredAt;
    }

    /// <summary>The rule's next step for this product, host and job (<see cref="RuleGuide.NextStep"/>).</summary>
    /// <param name="noWrap">Times with non-breaking spaces, for formats that wrap freely (chat).</param>
    public static string NextStep(AlertChange change, TimeZoneInfo zone, bool noWrap = false)
    {
        ArgumentNullException.ThrowIfNull(change);
        return RuleGuide.NextStep(change.Rule, change.Guide, t => noWrap ? NoWrap(Time(t, zone)) : Time(t, zone));
    }

    /// <summary>Why it resolved: "resolved by alice: restored by hand", "the run of … succeeded, 5.3 GB", or the rule's
    /// own words ("the agent was heard again"); null for a change that is not a resolve.</summary>
    public static string? Why(AlertChange change, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Kind != AlertChangeKind.Resolved)
        {
            return null;
        }

        if (change.ResolvedBy is { } by)
        {
            return string.IsNullOrWhiteSpace(change.ResolveComment) ? $"resolved by {by}" : $"resolved by {by}: {OneLine(change.ResolveComment)}";
        }

        return change.ResolvingRun is { } run
            ? $"the run of {Time(run.RunTime, zone)} {(run.Status == Contracts.V1.RunStatus.Warning ? "succeeded with warnings" : "succeeded")}, {Figures.Size(run.SizeBytes)}"
            : RuleGuide.Cleared(change.Rule);
    }

    /// <summary>"acknowledged by alice: restoring from tape"; null for a change that is not an acknowledgement.</summary>
    public static string? Acknowledgement(AlertChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Kind != AlertChangeKind.Acknowledged || change.AcknowledgedBy is not { } by
            ? null
            : string.IsNullOrWhiteSpace(change.AcknowledgeComment) ? $"acknowledged by {by}" : $"acknowledged by {by}: {OneLine(change.AcknowledgeComment)}";
    }

    /// <summary>"re-opened: alice resolved it 2026-12-07 09:12 (+01:00) … (restarted the job)"; null unless it re-opens
    /// a person's resolve.</summary>
    public static string? Reopened(AlertChange change, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Reopens is not { } before
            ? null
            : $"re-opened: {before.ResolvedBy} resolved it {Time(before.ResolvedAt, zone)}"
              + (string.IsNullOrWhiteSpace(before.Comment) ? "" : $" ({OneLine(before.Comment)})") + ", and it fired again";
    }

    /// <summary>Fired, repeated or released: a problem being announced (an acknowledgement or a resolve is news about one).</summary>
    public static bool IsFiring(AlertChange change) => change.Kind is AlertChangeKind.Fired or AlertChangeKind.Repeated or AlertChangeKind.Released;

    /// <summary>The alert's state after the change: <c>firing</c>, <c>acknowledged</c> or <c>resolved</c>.</summary>
    public static string State(AlertChange change) => change.Kind switch
    {
        AlertChangeKind.Resolved => "resolved",
        AlertChangeKind.Acknowledged => "acknowledged",
        _ => "firing",
    };

    private static int Rank(AlertChange change) => IsFiring(change) ? 0 : change.Kind == AlertChangeKind.Acknowledged ? 1 : 2;

    private static string Items(IReadOnlyList<AlertChange> changes)
    {
        var named = string.Join(", ", changes.Take(MaxSubjectItems).Select(Item));
        return changes.Count > MaxSubjectItems
            ? string.Create(CultureInfo.InvariantCulture, $"{named} and {changes.Count - MaxSubjectItems} more")
            : named;
    }

    public static string SeverityLabel(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => "CRITICAL",
        _ => "WARNING",
    };

    /// <summary>How the change reads to a person: FIRING, STILL FIRING, FIRING AGAIN (after a silence), RESOLVED.</summary>
    public static string ChangeLabel(AlertChangeKind kind) => kind switch
    {
        AlertChangeKind.Fired => "FIRING",
        AlertChangeKind.Repeated => "STILL FIRING",
        AlertChangeKind.Released => "FIRING (silence ended)",
        AlertChangeKind.Acknowledged => "ACKNOWLEDGED",
        _ => "RESOLVED",
    };

    /// <summary>The words of the generic webhook: <c>fired|repeated|released|resolved</c>.</summary>
    public static string ChangeName(AlertChangeKind kind) => kind switch
    {
        AlertChangeKind.Fired => "fired",
        AlertChangeKind.Repeated => "repeated",
        AlertChangeKind.Released => "released",
        AlertChangeKind.Acknowledged => "acknowledged",
        _ => "resolved",
    };

    public static string SeverityName(AlertSeverity severity) => severity == AlertSeverity.Critical ? "critical" : "warning";

    public static string Time(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? value) => value is { } v ? Time(v) : "-";

    /// <summary>In the customer's zone with UTC beside it: <c>2026-12-07 04:41 +01:00 (03:41 UTC)</c>; just
    /// <see cref="Time(DateTimeOffset)"/> when the zone is UTC. The offset, not an abbreviation: .NET has none that are
    /// right everywhere.</summary>
    public static string Time(DateTimeOffset value, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(value, zone);
        if (local.Offset == TimeSpan.Zero && zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime)
        {
            return Time(value);
        }

        var utc = value.ToUniversalTime();
        var sameDay = local.Date == utc.Date;
        return local.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)
            + " (" + utc.ToString(sameDay ? "HH:mm" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC)";
    }

    /// <summary>Spaces made non-breaking, so a time or a size never wraps across lines.</summary>
    public static string NoWrap(string text) => (text ?? "").Replace(' ', '\u00A0');

    /// <summary>Line breaks in titles would break a subject or a table row.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', (text ?? "").Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
