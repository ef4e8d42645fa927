using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Notify.Channels;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>What people type (who acknowledged or resolved, their comments) reaches receivers without bidirectional
/// controls too, like what agents send.</summary>
public sealed class BidiFreeNotificationTests
{
    private const string Override = "\u202E";

    [Fact]
    public void Names_and_comments_of_acknowledgements_resolves_and_re_opened_alerts_lose_their_bidi_controls()
    {
        var change = Change(1, kind: AlertChangeKind.Resolved) with
        {
            AcknowledgedBy = "al" + Override + "ice",
            AcknowledgeComment = "on it" + Override + "txt.exe",
            ResolvedBy = "b" + Override + "ob",
            ResolveComment = "fixed" + Override,
            Reopens = new ReopenedAlert(9, "car" + Override + "ol", At, "share" + Override + " back"),
        };

        var shown = Assert.Single(new Delivery(1, Contoso(1, change)).Notification.Changes);

        Assert.Equal(("alice", "on ittxt.exe", "bob", "fixed"), (shown.AcknowledgedBy, shown.AcknowledgeComment, shown.ResolvedBy, shown.ResolveComment));
        Assert.Equal(new ReopenedAlert(9, "carol", At, "share back"), shown.Reopens);
    }
}
