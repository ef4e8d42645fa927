using System.Text.Json;
using BackupHealth.Collector.Notify;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>The generic webhook carries what a PSA ticket needs: numeric ids, the host, what it means and the next
/// step, the times, who acknowledged or resolved it and why, what it re-opens, one event id shared with every other
/// channel, and a key unique across collectors.</summary>
public sealed class WebhookPsaFieldsTests : ReceiverTestBase
{
    [Fact]
    public async Task A_firing_alert_carries_ids_host_meaning_next_step_times_and_keys()
    {
        await using var harness = Harness("webhook", s => s.Webhook("slack", Receiver.Url("slack"), "slack"), "slack");
        var change = ChatSamples.Job(7) with { DueBy = At.AddHours(-8) };

        var payload = await SendAsync(harness, Contoso(harness.ContosoSiteId, change), "webhook");

        var instance = InstanceId(harness);
        Assert.Matches("^[0-9a-f]{12}$", instance);
        Assert.Equal((instance, harness.ContosoSiteId), (payload.GetProperty("instance").GetString(), payload.GetProperty("siteId").GetInt64()));
        var alert = payload.GetProperty("alerts")[0];
        Assert.Equal((JsonValueKind.Number, 7L, JsonValueKind.Number, 307L), (
            alert.GetProperty("alertId").ValueKind, alert.GetProperty("alertId").GetInt64(),
            alert.GetProperty("jobId").ValueKind, alert.GetProperty("jobId").GetInt64()));
        Assert.Equal(("bh-7", $"bh-{instance}-7"), (alert.GetProperty("key").GetString(), alert.GetProperty("uniqueKey").GetString()));
        Assert.Equal((ChatSamples.Host, "veeam.vbr", ChatSamples.Location), (
            alert.GetProperty("host").GetString(), alert.GetProperty("sourceKind").GetString(), alert.GetProperty("location").GetString()));
        Assert.Equal("The newest run of this backup job failed.", alert.GetProperty("what").GetString());
        Assert.Equal("Open the job's session in the Veeam Backup & Replication console and read its error; last success 2025-05-31 02:00 UTC. Retry the job once the cause is fixed.",
            alert.GetProperty("nextStep").GetString());
        Assert.Equal(("2025-06-01T02:00:00Z", "2025-05-31T02:00:00Z", "2025-06-01T04:00:00Z"), (
            alert.GetProperty("since").GetString(), alert.GetProperty("lastSuccess").GetString(), alert.GetProperty("dueBy").GetString()));

        // The same change told on two channels has one event id.
        var eventId = alert.GetProperty("eventId").GetString();
        Assert.Equal(ChatSamples.EventIdOf(7, AlertChangeKind.Fired), eventId);
        var slack = Json(Received("slack"));
        Assert.Equal(eventId, slack.GetProperty("blocks").EnumerateArray().Single(b => b.TryGetProperty("block_id", out _)).GetProperty("block_id").GetString());
    }

    [Fact]
    public async Task Acknowledge_resolve_and_reopen_say_who_and_why()
    {
        await using var harness = Harness("webhook");
        var site = harness.ContosoSiteId;
        await SendAsync(harness, Contoso(site, ChatSamples.Job(10)), "webhook");

        var acknowledged = (await SendAsync(harness, Contoso(site,
            ChatSamples.Job(10, AlertChangeKind.Acknowledged) with { AcknowledgedBy = "bob", AcknowledgeComment = "restoring from tape" }), "webhook")).GetProperty("alerts")[0];
        var resolved = (await SendAsync(harness, Contoso(site,
            ChatSamples.Job(10, AlertChangeKind.Resolved) with { ResolvedBy = "alice", ResolveComment = "restored by hand" }), "webhook")).GetProperty("alerts")[0];
        var reopened = (await SendAsync(harness, Contoso(site,
            ChatSamples.Job(11) with { Reopens = new ReopenedAlert(10, "alice", At.AddHours(-1), "restored by hand") }), "webhook")).GetProperty("alerts")[0];

        Assert.Equal(("acknowledged", "acknowledged", "bob", "restoring from tape"), (
            acknowledged.GetProperty("state").GetString(), acknowledged.GetProperty("change").GetString(),
            acknowledged.GetProperty("acknowledgedBy").GetString(), acknowledged.GetProperty("acknowledgeComment").GetString()));
        Assert.Equal(("resolved", "alice", "restored by hand", "resolved by alice: restored by hand"), (
            resolved.GetProperty("state").GetString(), resolved.GetProperty("resolvedBy").GetString(),
            resolved.GetProperty("resolveComment").GetString(), resolved.GetProperty("resolution").GetString()));
        Assert.Equal(JsonValueKind.Null, resolved.GetProperty("nextStep").ValueKind);
        Assert.Equal(ChatSamples.EventIdOf(10, AlertChangeKind.Resolved), resolved.GetProperty("eventId").GetString());
        Assert.Equal(("alice", JsonValueKind.Null, JsonValueKind.Null), (
            reopened.GetProperty("reopenedFrom").GetString(), reopened.GetProperty("resolvedBy").ValueKind, reopened.GetProperty("resolution").ValueKind));
    }

    private static string InstanceId(NotifyHarness harness)
    {
        using var connection = harness.Connections.OpenWriter();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT instance_id FROM collector_instance";
        return (string)command.ExecuteScalar()!;
    }
}
