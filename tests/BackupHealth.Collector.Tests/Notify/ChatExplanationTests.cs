using System.Text.Json;
using BackupHealth.Collector.Notify;
using BackupHealth.Contracts.V1;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>Each alert in Slack and Teams explains itself to the technician who reads it at 3 a.m.: what, where,
/// since when (in the customer's zone, UTC beside), last success, the next step, the detail with its line breaks,
/// the facts and the last runs; resolves say why, acknowledgements who, a re-fire after a person's resolve that it
/// re-opens it. Times and sizes do not wrap.</summary>
public sealed class ChatExplanationTests : ReceiverTestBase
{
    private const string PublicUrl = "https://backups.example.com/";

    // Contoso Ltd is in Berlin: 02:00 UTC on 1 June is 04:00 +02:00.
    private static readonly string Since = Kept("2025-06-01 04:00 +02:00 (02:00 UTC)");
    private static readonly string LastSuccess = Kept("2025-05-31 04:00 +02:00 (02:00 UTC)");

    private NotifyHarness Berlin(string type) => Harness(type, s => s.PublicUrl(PublicUrl).TimeZone("Contoso Ltd", "Europe/Berlin"));

    [Fact]
    public async Task Slack_says_what_where_since_the_next_step_then_detail_facts_runs_and_links()
    {
        var body = await SendOneAsync("slack", ChatSamples.Job(7));

        var section = AlertSections(body).Single();
        Assert.Equal(ChatSamples.EventIdOf(7, AlertChangeKind.Fired), section.GetProperty("block_id").GetString());
        Assert.Equal(
            $"""
            *CRITICAL · FIRING* SQL01 nightly failed
            The newest run of this backup job failed.
            *Where:* Contoso Ltd / Head office · host hv01.contoso.local · job SQL01 nightly · {ChatSamples.Location}
            *Since:* {Since}
            *Last success:* {LastSuccess}
            *Next step:* Open the job's session in the Veeam Backup &amp; Replication console and read its error; last success {LastSuccess}. Retry the job once the cause is fixed.
            >newest run 2025-06-01 02:14 UTC failed: repository full
            Rule `job_failed` · Alert `bh-7` · Agent `agent-1` · Job SQL01 nightly · Fired at {Since}
            • failed {Since} · {Kept("182.0 GB")} · repository full
            • success {LastSuccess} · {Kept("181.5 GB")} · ok
            <{PublicUrl}alerts/7|Open alert> · <{PublicUrl}jobs/307|Job history>
            """.ReplaceLineEndings("\n"),
            section.GetProperty("text").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Teams_says_what_where_since_the_next_step_then_detail_facts_runs_and_links()
    {
        var body = await SendOneAsync("teams", ChatSamples.Job(7));

        var container = Containers(body).Single();
        Assert.Equal(ChatSamples.EventIdOf(7, AlertChangeKind.Fired), container.GetProperty("id").GetString());
        var items = container.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["TextBlock", "TextBlock", "FactSet", "TextBlock", "TextBlock", "FactSet", "ActionSet"], items.Select(i => i.GetProperty("type").GetString()));
        Assert.Equal("CRITICAL · FIRING: SQL01 nightly failed", items[0].GetProperty("text").GetString());
        Assert.Equal("The newest run of this backup job failed.", items[1].GetProperty("text").GetString());
        Assert.Equal(
            [("Where", @"Contoso Ltd / Head office · host hv01.contoso.local · job SQL01 nightly · D:\\Backups\\SQL01\\SQL01D2025-06-01T020000.vbk"),
             ("Since", Since), ("Last success", LastSuccess)],
            Facts(items[2]));
        Assert.Equal(
            $"**Next step:** Open the job's session in the Veeam Backup & Replication console and read its error; last success {LastSuccess}. Retry the job once the cause is fixed.",
            items[3].GetProperty("text").GetString());
        Assert.Equal("newest run 2025-06-01 02:14 UTC failed: repository full", items[4].GetProperty("text").GetString());
        Assert.Equal(
            [("Rule", @"job\_failed"), ("Alert", "bh-7"), ("Agent", "agent-1"), ("Job", "SQL01 nightly"), ("Fired at", Since),
             ("Last runs", $"failed {Since} · {Kept("182.0 GB")} · repository full"), ("", $"success {LastSuccess} · {Kept("181.5 GB")} · ok")],
            Facts(items[5]));
    }

    [Theory]
    [InlineData("slack")]
    [InlineData("teams")]
    public async Task A_silent_agents_detail_keeps_its_line_breaks(string type)
    {
        var body = await SendOneAsync(type, ChatSamples.SilentAgent(8));

        const string First = "last heard from 2025-06-01 10:00 UTC (host hv01.contoso.local, Contoso Ltd / Head office)";
        const string Second = "2 alerts of this agent held back while it is silent: SQL01 nightly failed; FS01 missed";
        var text = type == "slack" ? AlertSections(body).Single().GetProperty("text").GetProperty("text").GetString()! : AlertTexts(body).Single();
        Assert.Contains(type == "slack" ? $"\n>{First}\n>{Second}\n" : $"{First}\n\n{Second}", text, StringComparison.Ordinal);
        Assert.Contains($"Last heard {Kept("2025-06-01 12:00 +02:00 (10:00 UTC)")}.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("slack")]
    [InlineData("teams")]
    public async Task Acknowledgements_say_who_resolves_say_why_and_a_refire_after_a_persons_resolve_says_it_reopens(string type)
    {
        await using var harness = Berlin(type);
        var site = harness.ContosoSiteId;
        await SendAsync(harness, Contoso(site, ChatSamples.Job(10, job: "DC01"), ChatSamples.Job(11, job: "EX01"), ChatSamples.Job(12, job: "FS01")), type);

        var acknowledged = await SendAsync(harness, Contoso(site,
            ChatSamples.Job(10, AlertChangeKind.Acknowledged, job: "DC01") with { AcknowledgedBy = "bob", AcknowledgeComment = "restoring from tape" }), type);
        var byRun = await SendAsync(harness, Contoso(site, ChatSamples.Job(11, AlertChangeKind.Resolved, job: "EX01") with
        {
            ResolvingRun = new RunSummary(RunStatus.Success, At.AddMinutes(-20), null, null, 5_300_000_000, "ok"),
        }), type);
        var byPerson = await SendAsync(harness, Contoso(site,
            ChatSamples.Job(12, AlertChangeKind.Resolved, job: "FS01") with { ResolvedBy = "alice", ResolveComment = "restarted the job" }), type);
        var reopened = await SendAsync(harness, Contoso(site,
            ChatSamples.Job(13, job: "FS01") with { Reopens = new ReopenedAlert(12, "alice", At.AddHours(-30), "restarted the job") }), type);

        Assert.Contains("Acknowledged by bob: restoring from tape", News(acknowledged, type), StringComparison.Ordinal);
        Assert.Contains($"Why it resolved: the run of {Kept("2025-06-01 13:40 +02:00 (11:40 UTC)")} succeeded, {Kept("5.3 GB")}", News(byRun, type), StringComparison.Ordinal);
        Assert.Contains("Why it resolved: resolved by alice: restarted the job", News(byPerson, type), StringComparison.Ordinal);
        Assert.Contains($"Re-opened: alice resolved it {Kept("2025-05-31 08:00 +02:00 (06:00 UTC)")} (restarted the job), and it fired again",
            News(reopened, type), StringComparison.Ordinal);

        // A resolved alert needs no next step; the others keep theirs.
        Assert.DoesNotContain("Next step:", News(byRun, type), StringComparison.Ordinal);
        Assert.Contains("Next step:", News(acknowledged, type), StringComparison.Ordinal);
    }

    /// <summary>Sends one change of Contoso Ltd through one channel of <paramref name="type"/>; the body received.</summary>
    private async Task<JsonElement> SendOneAsync(string type, AlertChange change)
    {
        await using var harness = Berlin(type);
        return await SendAsync(harness, Contoso(harness.ContosoSiteId, change), type);
    }

    /// <summary>Spaces made non-breaking, as times and sizes are sent.</summary>
    private static string Kept(string text) => text.Replace(' ', '\u00A0');

    private static IEnumerable<JsonElement> AlertSections(JsonElement slack) =>
        slack.GetProperty("blocks").EnumerateArray().Where(b => b.TryGetProperty("block_id", out _));

    private static IEnumerable<JsonElement> Containers(JsonElement teams) =>
        teams.GetProperty("attachments")[0].GetProperty("content").GetProperty("body").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "Container");

    /// <summary>Each container's text blocks, one text.</summary>
    private static IEnumerable<string> AlertTexts(JsonElement teams) => Containers(teams).Select(c => string.Join("\n", c.GetProperty("items").EnumerateArray()
        .Where(i => i.GetProperty("type").GetString() == "TextBlock").Select(i => i.GetProperty("text").GetString())));

    /// <summary>The one alert of the message as text.</summary>
    private static string News(JsonElement body, string type) =>
        type == "slack" ? AlertSections(body).Single().GetProperty("text").GetProperty("text").GetString()! : AlertTexts(body).Single();

    private static List<(string, string)> Facts(JsonElement factSet) =>
        [.. factSet.GetProperty("facts").EnumerateArray().Select(f => (f.GetProperty("title").GetString()!, f.GetProperty("value").GetString()!))];
}
