using System.Globalization;
using System.Text.Json;
using BackupHealth.Collector.Notify;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>A site-wide outage does not become a message the receiver refuses: Teams Workflows drop a post above
/// about 28 KB after answering 202, and Slack takes at most 50 blocks. The message lists the alerts that fit and ends
/// with how many more there are and a link to the site.</summary>
public sealed class ChatLimitsTests : ReceiverTestBase
{
    private const int Alerts = 60;
    private const int TeamsLimit = 28 * 1024;
    private const string PublicUrl = "https://backups.example.com/";

    [Fact]
    public async Task A_60_alert_outage_fits_a_teams_card_that_ends_with_how_many_more_and_the_site()
    {
        await using var harness = Harness("teams", s => s.PublicUrl(PublicUrl));

        var card = await SendAsync(harness, Outage(harness.ContosoSiteId), "teams");

        var request = Received("teams");
        Assert.InRange(request.RawBody.Length, 1, TeamsLimit - 1);
        Assert.Equal(request.RawBody.Length.ToString(CultureInfo.InvariantCulture), request.Headers["Content-Length"]);
        var body = ChatLinksTests.CardBody(card).ToList();
        var shown = body.Count(e => e.GetProperty("type").GetString() == "Container");
        Assert.InRange(shown, 1, Alerts - 1);
        Assert.Equal($"…and {Alerts - shown} more — open the site", body[^2].GetProperty("text").GetString());
        var button = Assert.Single(body[^1].GetProperty("actions").EnumerateArray());
        Assert.Equal(("Action.OpenUrl", $"{PublicUrl}sites/{harness.ContosoSiteId}/grid"), (button.GetProperty("type").GetString(), button.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task The_same_outage_in_slack_stays_within_50_blocks_and_ends_the_same_way()
    {
        await using var harness = Harness("slack", s => s.PublicUrl(PublicUrl));

        var message = await SendAsync(harness, Outage(harness.ContosoSiteId), "slack");

        Assert.InRange(Received("slack").RawBody.Length, 1, 27_000);
        var blocks = message.GetProperty("blocks").EnumerateArray().ToList();
        Assert.InRange(blocks.Count, 1, 50);
        var shown = blocks.Count(b => b.TryGetProperty("block_id", out _));
        Assert.InRange(shown, 1, Alerts - 1);
        Assert.Equal($"…and {Alerts - shown} more — open the site\n<{PublicUrl}sites/{harness.ContosoSiteId}/grid|Open the site>",
            blocks[^1].GetProperty("text").GetProperty("text").GetString());
        Assert.All(blocks.Where(b => b.TryGetProperty("text", out _)), b => Assert.InRange(b.GetProperty("text").GetProperty("text").GetString()!.Length, 1, 3000));
    }

    [Theory]
    [InlineData("slack")]
    [InlineData("teams")]
    public async Task A_message_that_fits_lists_every_alert_and_no_more_line(string type)
    {
        await using var harness = Harness(type, s => s.PublicUrl(PublicUrl));

        var message = await SendAsync(harness, Contoso(harness.ContosoSiteId, ChatSamples.Job(1), ChatSamples.Job(2, job: "FS01")), type);

        Assert.DoesNotContain(JsonStrings.All(message), text => text.Contains("more — open the site", StringComparison.Ordinal));
        var listed = type == "slack"
            ? message.GetProperty("blocks").EnumerateArray().Count(b => b.TryGetProperty("block_id", out _))
            : ChatLinksTests.CardBody(message).Count(e => e.GetProperty("type").GetString() == "Container");
        Assert.Equal(2, listed);
    }

    [Fact]
    public async Task A_section_longer_than_slack_takes_is_cut_before_its_links_which_stay_whole()
    {
        await using var harness = Harness("slack", s => s.PublicUrl(PublicUrl));
        var detail = string.Concat(Enumerable.Repeat("<!channel> & ", 400));

        var message = await SendAsync(harness, Contoso(harness.ContosoSiteId, ChatSamples.Job(7) with { Detail = detail, Title = detail }), "slack");

        var section = message.GetProperty("blocks").EnumerateArray().Single(b => b.TryGetProperty("block_id", out _)).GetProperty("text").GetProperty("text").GetString()!;
        Assert.InRange(section.Length, 2900, 3000);
        Assert.EndsWith($"…\n<{PublicUrl}alerts/7|Open alert> · <{PublicUrl}jobs/307|Job history>", section, StringComparison.Ordinal);
        Assert.DoesNotContain("<!", section, StringComparison.Ordinal);
        Assert.DoesNotMatch("&[a-z]{0,3}…", section);
    }

    private static SiteNotification Outage(long siteId) =>
        Contoso(siteId, [.. Enumerable.Range(1, Alerts).Select(i => ChatSamples.Job(i, job: string.Create(CultureInfo.InvariantCulture, $"VM{i:00} nightly export to NAS")))]);
}
