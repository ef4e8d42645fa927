using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Alerts;
using BackupHealth.Collector.Store.Sqlite.Connections;
using BackupHealth.Collector.Store.Sqlite.Writer;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

public sealed class RestartTests : IDisposable
{
    private readonly TempDirectory _data = new("bh-notify");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Notification_left_pending_by_a_stopped_dispatcher_is_delivered_once_by_the_next()
    {
        var port = LoopbackPorts.GetFree();
        var settings = new NotifySettings().Webhook("psa", new Uri($"http://127.0.0.1:{port}/hook")).Route("*", "Warning", "psa");

        // First run: the receiver is down, the attempt fails, the collector stops.
        await using (var first = new NotifyHarness(_data, settings))
        {
            await first.StartAsync();
            first.Enqueue(Contoso(first.ContosoSiteId, Change(7)));
            await Testing.Poll.UntilAsync(() => first.Rows()[0].Attempts == 1, "the first attempt failed");
        }

        await using var receiver = await HttpReceiver.StartAsync(port);
        await using var second = new NotifyHarness(_data, settings);
        second.Time.Advance(NotifySettings.RetryMaxDelay);
        await second.StartAsync();
        await Testing.Poll.UntilAsync(() => second.Rows()[0].State == "sent", "the next run sent it");
        await second.AdvanceWhenIdleAsync(TimeSpan.FromHours(1));
        await second.AdvanceWhenIdleAsync(TimeSpan.FromHours(1));

        var request = Assert.Single(receiver.Requests);
        Assert.Equal($"bh-notification-{second.Rows()[0].Id}", request.Headers["Idempotency-Key"]);
        Assert.Equal(("sent", 2), (second.Rows()[0].State, second.Rows()[0].Attempts));
    }

    [Fact]
    public async Task Collector_restarted_with_a_notification_pending_delivers_it_once()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        void Configure(Dictionary<string, string?> s) =>
            new NotifySettings().Webhook("psa", receiver.Url("hook")).Route("*", "Warning", "psa").ApplyTo(s);

        // Stored by the evaluator's transaction just before the collector went down, never attempted.
        var (before, _, _) = TestCollector.Build(_data, Configure);
        await using (before)
        {
            await before.StartAsync();
            await before.StopAsync();
            // The stopped collector's writer takes no more work; a writer of its own on the same file stands in for it.
            var connections = before.Services.GetRequiredService<SqliteConnectionFactory>();
            await using var writer = new StoreWriter(connections, NullLogger<StoreWriter>.Instance);
            writer.Start();
            var sink = before.Services.GetRequiredService<INotificationSink>();
            await new SqliteEvaluationStore(connections, writer).EnqueueAsync(sink, Contoso(1, Change(7)));
        }

        Assert.Empty(receiver.Requests);
        var (after, _, errors) = TestCollector.Build(_data, Configure);
        await using (after)
        {
            await after.StartAsync();
            var dispatcher = after.Services.GetRequiredService<NotificationDispatcher>();
            await Testing.Poll.UntilAsync(() => receiver.Requests.Count == 1 && dispatcher.Idle, "the restarted collector sent it");
            await after.StopAsync();
        }

        Assert.Single(receiver.Requests);
        errors.AssertNone();
    }
}
