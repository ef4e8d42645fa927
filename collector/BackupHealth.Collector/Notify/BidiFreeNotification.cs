using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Notify;

/// <summary>A stored notification as receivers are shown it: every text without <see cref="BidiControls"/>. Ingest
/// already strips them from what agents send, but not from an agent's own id, not from what people type (names and
/// comments of acknowledgements and resolves), and not from what was stored before it did; every <see cref="Channels.Delivery"/> is made through here, so no channel can forget.</summary>
internal static class BidiFreeNotification
{
    public static SiteNotification Of(SiteNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return notification with
        {
            Customer = BidiControls.Strip(notification.Customer),
            Site = BidiControls.Strip(notification.Site),
            Changes = [.. notification.Changes.Select(Of)],
        };
    }

    private static AlertChange Of(AlertChange c) => c with
    {
        AlertKey = BidiControls.Strip(c.AlertKey),
        Rule = BidiControls.Strip(c.Rule),
        Subject = BidiControls.Strip(c.Subject),
        Title = BidiControls.Strip(c.Title),
        Detail = BidiControls.Strip(c.Detail),
        AgentKey = BidiControls.StripOptional(c.AgentKey),
        JobName = BidiControls.StripOptional(c.JobName),
        LastRuns = [.. c.LastRuns.Select(r => r with { Message = BidiControls.Strip(r.Message) })],
        SourceKind = BidiControls.StripOptional(c.SourceKind),
        HostName = BidiControls.StripOptional(c.HostName),
        Location = BidiControls.StripOptional(c.Location),
        ResolvingRun = c.ResolvingRun is { } run ? run with { Message = BidiControls.Strip(run.Message) } : null,
        // What people typed (names, comments) is not agent text, but reaches the same receivers.
        AcknowledgedBy = BidiControls.StripOptional(c.AcknowledgedBy),
        AcknowledgeComment = BidiControls.StripOptional(c.AcknowledgeComment),
        ResolvedBy = BidiControls.StripOptional(c.ResolvedBy),
        ResolveComment = BidiControls.StripOptional(c.ResolveComment),
        Reopens = c.Reopens is { } before ? before with { ResolvedBy = BidiControls.Strip(before.ResolvedBy), Comment = BidiControls.StripOptional(before.Comment) } : null,
    };
}
