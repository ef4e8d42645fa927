using BackupHealth.Collector.Store;
using System.Net;
using System.Text.Json;
using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

public sealed class NotificationApiTests : IAsyncLifetime
{
    private HttpReceiver _receiver = null!;
    private TestCollector _collector = null!;

    public async Task InitializeAsync()
    {
        _receiver = await HttpReceiver.StartAsync();
        _collector = await TestCollector.StartAsync(s => new NotifySettings()
            .Webhook("psa", _receiver.Url("hook"))
            .Route("*", "Warning", "psa")
            .Set("MaxAttempts", "2")
            .ApplyTo(s));
        _collector.Errors.Expected.Add((_, message) => message.Contains("failed for good", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        await _collector.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private NotificationDispatcher Dispatcher => _collector.App.Services.GetRequiredService<NotificationDispatcher>();

    private void Enqueue(SiteNotification notification) =>
        _collector.App.Services.GetRequiredService<IEvaluationStore>()
            .EnqueueAsync(_collector.App.Services.GetRequiredService<INotificationSink>(), notification).GetAwaiter().GetResult();

    private async Task<List<JsonElement>> ListAsync(string query = "")
    {
        using var response = await _collector.Http.GetAsync(new Uri("/api/v1/notifications" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private async Task AdvanceWhenIdleAsync(TimeSpan by)
    {
        await Testing.Poll.UntilAsync(() => Dispatcher.Idle, "the dispatcher sleeps");
        _collector.Time.Advance(by);
    }

    [Fact]
    public async Task Failed_notification_is_visible_and_can_be_retried()
    {
        _receiver.RespondWith(500, 500);
        Enqueue(Contoso(1, Change(7)));
        await Poll.UntilAsync(async () => (await ListAsync("?state=pending")).Any(n => n.GetProperty("attempts").GetInt32() == 1), "the first attempt failed");
        await AdvanceWhenIdleAsync(NotifySettings.RetryMaxDelay + NotifySettings.PollInterval);
        await Poll.UntilAsync(async () => (await ListAsync("?state=failed")).Count == 1, "it failed for good");

        var failed = Assert.Single(await ListAsync("?state=failed"));
        var id = failed.GetProperty("id").GetInt64();
        Assert.Equal("psa", failed.GetProperty("channel").GetString());
        Assert.Equal("Contoso Ltd", failed.GetProperty("customer").GetString());
        Assert.Equal("Head office", failed.GetProperty("site").GetString());
        Assert.Equal("2025-06-01T12:00:00Z", failed.GetProperty("createdAt").GetString());
        Assert.Equal(2, failed.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("sentAt").ValueKind);
        Assert.StartsWith("HTTP 500", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal("CRITICAL 1 firing at Contoso Ltd / Head office: SQL01 nightly failed", failed.GetProperty("summary").GetString());
        Assert.Empty(await ListAsync("?state=sent"));

        using var retry = await _collector.Http.PostAsync(new Uri($"/api/v1/notifications/{id}/retry", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        await Poll.UntilAsync(async () => (await ListAsync("?state=sent")).Count == 1, "the retried notification is sent");

        var sent = Assert.Single(await ListAsync());
        Assert.Equal(("sent", 1, "2025-06-01T12:10:05Z"), (sent.GetProperty("state").GetString(), sent.GetProperty("attempts").GetInt32(), sent.GetProperty("sentAt").GetString()));
        Assert.Equal([500, 500, 200], _receiver.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Retry_answers_not_found_and_conflict()
    {
        Enqueue(Contoso(1, Change(7)));
        await Poll.UntilAsync(async () => (await ListAsync("?state=sent")).Count == 1, "it is sent");
        var id = (await ListAsync())[0].GetProperty("id").GetInt64();

        using var missing = await _collector.Http.PostAsync(new Uri("/api/v1/notifications/999/retry", UriKind.Relative), null);
        using var sent = await _collector.Http.PostAsync(new Uri($"/api/v1/notifications/{id}/retry", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, sent.StatusCode);
        Assert.Single(_receiver.Requests);
    }

    [Theory]
    [InlineData("?state=lost")]
    [InlineData("?limit=0")]
    [InlineData("?limit=1001")]
    public async Task Bad_query_is_a_bad_request(string query)
    {
        using var response = await _collector.Http.GetAsync(new Uri("/api/v1/notifications" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Lists_newest_first_up_to_the_limit()
    {
        Enqueue(Contoso(1, Change(7)));
        Enqueue(Contoso(1, Change(8, title: "SQL02 failed", job: "SQL02")));
        await Poll.UntilAsync(async () => (await ListAsync("?state=sent")).Count == 2, "both are sent");

        var newest = Assert.Single(await ListAsync("?limit=1"));

        Assert.Equal("CRITICAL 1 firing at Contoso Ltd / Head office: SQL02 failed", newest.GetProperty("summary").GetString());
    }
}
