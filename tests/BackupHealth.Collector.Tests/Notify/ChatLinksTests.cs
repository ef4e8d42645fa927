using System.Text.Json;
using BackupHealth.Collector.Notify.Links;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>Every message links each alert under Collector:PublicUrl: the alert's page, and the job's history (a job
/// alert) or the site's grid (any other); without the setting, Slack and Teams say once how to get links.</summary>
public sealed class ChatLinksTests : ReceiverTestBase
{
    [Theory]
    [InlineData("https://backups.example.com", "https://backups.example.com/")]
    [InlineData("https://msp.example/backuphealth/", "https://msp.example/backuphealth/")]
    [InlineData("https://msp.example/backuphealth", "https://msp.example/backuphealth/")]
    public async Task Slack_links_each_alert_and_its_job_or_site_under_the_public_url(string publicUrl, string under)
    {
        var (body, site) = await SendJobAndAgentAlertsAsync("slack", publicUrl);

        var sections = Sections(body);
        Assert.EndsWith($"\n<{under}alerts/8|Open alert> · <{under}sites/{site}/grid|Site>", sections[0], StringComparison.Ordinal);
        Assert.EndsWith($"\n<{under}alerts/7|Open alert> · <{under}jobs/307|Job history>", sections[1], StringComparison.Ordinal);
        Assert.Contains("Alert `bh-7`", sections[1], StringComparison.Ordinal);
        Assert.DoesNotContain(JsonStrings.All(body), text => text.Contains("Collector:PublicUrl", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://backups.example.com", "https://backups.example.com/")]
    [InlineData("https://msp.example/backuphealth", "https://msp.example/backuphealth/")]
    public async Task Teams_gives_each_alert_buttons_to_its_page_and_its_job_or_site(string publicUrl, string under)
    {
        var (body, site) = await SendJobAndAgentAlertsAsync("teams", publicUrl);

        var containers = CardBody(body).Where(e => e.GetProperty("type").GetString() == "Container").ToList();
        Assert.Equal([("Action.OpenUrl", "Open alert", $"{under}alerts/8"), ("Action.OpenUrl", "Site", $"{under}sites/{site}/grid")], Buttons(containers[0]));
        Assert.Equal([("Action.OpenUrl", "Open alert", $"{under}alerts/7"), ("Action.OpenUrl", "Job history", $"{under}jobs/307")], Buttons(containers[1]));
    }

    [Fact]
    public async Task Webhook_carries_the_alert_job_and_site_urls()
    {
        var (body, site) = await SendJobAndAgentAlertsAsync("webhook", "https://msp.example/backuphealth");

        Assert.Equal($"https://msp.example/backuphealth/sites/{site}/grid", body.GetProperty("siteUrl").GetString());
        var alerts = body.GetProperty("alerts");
        Assert.Equal(("https://msp.example/backuphealth/alerts/8", JsonValueKind.Null), (alerts[0].GetProperty("url").GetString(), alerts[0].GetProperty("jobUrl").ValueKind));
        Assert.Equal(("https://msp.example/backuphealth/alerts/7", "https://msp.example/backuphealth/jobs/307"),
            (alerts[1].GetProperty("url").GetString(), alerts[1].GetProperty("jobUrl").GetString()));
    }

    [Theory]
    [InlineData("slack")]
    [InlineData("teams")]
    [InlineData("webhook")]
    public async Task Without_a_public_url_there_are_no_links_and_chat_says_once_how_to_get_them(string type)
    {
        await using var harness = Harness(type);

        var body = await SendAsync(harness, Contoso(harness.ContosoSiteId, ChatSamples.Job(7), ChatSamples.Job(9, job: "FS01")), type);

        var strings = JsonStrings.All(body).ToList();
        Assert.DoesNotContain(strings, text => text.Contains("/alerts/", StringComparison.Ordinal) || text.Contains("/jobs/", StringComparison.Ordinal));
        if (type == "webhook")
        {
            Assert.Equal(JsonValueKind.Null, body.GetProperty("siteUrl").ValueKind);
            Assert.All(body.GetProperty("alerts").EnumerateArray(), a => Assert.Equal((JsonValueKind.Null, JsonValueKind.Null),
                (a.GetProperty("url").ValueKind, a.GetProperty("jobUrl").ValueKind)));
        }
        else
        {
            Assert.Single(strings, text => text.Contains("set Collector:PublicUrl", StringComparison.Ordinal));
            Assert.DoesNotContain("ActionSet", Received(type).Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_how_to_text_names_the_setting() =>
        Assert.StartsWith("No link: set Collector:PublicUrl to", NotificationLinks.HowToSet, StringComparison.Ordinal);

    /// <summary>Job alert 7 (job 307) and agent alert 8 of Contoso Ltd through one channel of <paramref name="type"/>.</summary>
    private async Task<(JsonElement Body, long Site)> SendJobAndAgentAlertsAsync(string type, string publicUrl)
    {
        await using var harness = Harness(type, s => s.PublicUrl(publicUrl));
        var site = harness.ContosoSiteId;
        return (await SendAsync(harness, Contoso(site, ChatSamples.Job(7), ChatSamples.SilentAgent(8)), type), site);
    }

    private static List<string> Sections(JsonElement slack) =>
        [.. slack.GetProperty("blocks").EnumerateArray().Where(b => b.TryGetProperty("block_id", out _)).Select(b => b.GetProperty("text").GetProperty("text").GetString()!)];

    internal static IEnumerable<JsonElement> CardBody(JsonElement teams) =>
        teams.GetProperty("attachments")[0].GetProperty("content").GetProperty("body").EnumerateArray();

    private static List<(string, string, string)> Buttons(JsonElement container) =>
        [.. container.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("type").GetString() == "ActionSet").GetProperty("actions").EnumerateArray()
            .Select(a => (a.GetProperty("type").GetString()!, a.GetProperty("title").GetString()!, a.GetProperty("url").GetString()!))];
}
