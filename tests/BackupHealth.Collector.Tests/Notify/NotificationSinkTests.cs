using System.Text.Json;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify;
using BackupHealth.Testing;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

public sealed class NotificationSinkTests : IDisposable
{
    private readonly TempDirectory _data = new("bh-notify");

    public void Dispose() => _data.Dispose();

    private static NotifySettings Settings() => new NotifySettings()
        .Webhook("psa", new Uri("http://127.0.0.1:9/psa"))
        .Webhook("chat", new Uri("http://127.0.0.1:9/chat"), "slack")
        .Route("*", "Warning", "psa")
        .Route("*", "Critical", "chat");

    [Fact]
    public async Task Stores_one_pending_row_per_routed_channel_with_the_filtered_notification()
    {
        await using var harness = new NotifyHarness(_data, Settings());

        harness.Enqueue(Fabrikam(harness.FabrikamSiteId, Change(1, AlertSeverity.Warning), Change(2, AlertSeverity.Critical)));

        var rows = harness.Rows();
        Assert.Equal(["psa", "chat"], rows.Select(r => r.Channel));
        var now = harness.Time.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.All(rows, r => Assert.Equal(("pending", 0, now, harness.FabrikamSiteId), (r.State, r.Attempts, r.NextAttemptAt!.Value, r.SiteId)));
        var psa = JsonSerializer.Deserialize(rows[0].Payload, NotifyJsonContext.Default.SiteNotification)!;
        var chat = JsonSerializer.Deserialize(rows[1].Payload, NotifyJsonContext.Default.SiteNotification)!;
        Assert.Equal([1L, 2L], psa.Changes.Select(c => c.AlertId));
        Assert.Equal([2L], chat.Changes.Select(c => c.AlertId));
        Assert.Equal(("Fabrikam", "Branch", At), (psa.Customer, psa.Site, psa.At));
        Assert.Equal(Change(2, AlertSeverity.Critical).LastRuns, chat.Changes[0].LastRuns);
        Assert.Equal("CRITICAL 1 firing at Fabrikam / Branch: SQL01 nightly failed", rows[1].Summary);
    }

    [Fact]
    public async Task Nothing_is_stored_when_the_callers_unit_of_work_fails()
    {
        await using var harness = new NotifyHarness(_data, Settings());
        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Evaluation.InUnitOfWorkAsync<int>(work =>
        {
            harness.Sink.Enqueue(work.Notifications, Fabrikam(harness.FabrikamSiteId, Change(1)));
            throw new InvalidOperationException("the evaluation failed after queueing");
        }, CancellationToken.None));

        Assert.Empty(harness.Rows());
    }

    [Fact]
    public async Task Resolved_follows_fired_across_evaluations()
    {
        await using var harness = new NotifyHarness(_data, Settings());
        harness.Enqueue(Fabrikam(harness.FabrikamSiteId, Change(1, AlertSeverity.Warning), Change(2, AlertSeverity.Critical)));

        harness.Enqueue(Fabrikam(harness.FabrikamSiteId,
            Change(1, AlertSeverity.Warning, AlertChangeKind.Resolved), Change(2, AlertSeverity.Critical, AlertChangeKind.Resolved)));

        var resolved = harness.Rows().Skip(2).ToList();
        Assert.Equal(["psa", "chat"], resolved.Select(r => r.Channel));
        Assert.Equal([1L, 2L], JsonSerializer.Deserialize(resolved[0].Payload, NotifyJsonContext.Default.SiteNotification)!.Changes.Select(c => c.AlertId));
        Assert.Equal([2L], JsonSerializer.Deserialize(resolved[1].Payload, NotifyJsonContext.Default.SiteNotification)!.Changes.Select(c => c.AlertId));
    }

    [Fact]
    public async Task Resolved_still_reaches_a_channel_whose_route_was_removed_after_it_fired()
    {
        await using (var before = new NotifyHarness(_data, Settings()))
        {
            before.Enqueue(Fabrikam(before.FabrikamSiteId, Change(2, AlertSeverity.Critical)));
        }

        // Restarted with chat only for another customer.
        var changed = new NotifySettings()
            .Webhook("psa", new Uri("http://127.0.0.1:9/psa"))
            .Webhook("chat", new Uri("http://127.0.0.1:9/chat"), "slack")
            .Route("*", "Warning", "psa")
            .Route("Contoso Ltd", "Critical", "chat");
        await using var after = new NotifyHarness(_data, changed);
        after.Enqueue(Fabrikam(after.FabrikamSiteId, Change(2, AlertSeverity.Critical, AlertChangeKind.Resolved)));

        Assert.Equal(["psa", "chat"], after.Rows().Skip(2).Select(r => r.Channel));
    }

    [Fact]
    public async Task Without_channels_nothing_is_stored()
    {
        await using var harness = new NotifyHarness(_data, new NotifySettings());

        harness.Enqueue(Fabrikam(harness.FabrikamSiteId, Change(1)));

        Assert.Empty(harness.Rows());
    }
}
