using System.Buffers;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>An agent names a job with a right-to-left override and chat markup: every receiver shows the name as
/// written, with nothing reordered, no channel notified, no link made.</summary>
public sealed partial class HostileNameTests
{
    private const string Override = "\u202E";
    private const string Markup = "<!channel> <https://evil.example|click> [click](https://evil.example) **now**";
    private const string HostileJob = "SQL01" + Override + " " + Markup;
    private const string ShownJob = "SQL01 " + Markup;
    private const string HostileAgent = "hv" + Override + "01";
    private const string PublicUrl = "https://backups.example.com/";

    private static readonly SearchValues<char> BidiControls =
        SearchValues.Create("\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    [Fact]
    public async Task A_hostile_job_name_reaches_every_receiver_stripped_and_escaped()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var collector = await TestCollector.StartAsync(s => new NotifySettings()
            .Webhook("slack", receiver.Url("slack"), "slack")
            .Webhook("teams", receiver.Url("teams"), "teams")
            .Webhook("psa", receiver.Url("psa"))
            .Email("noc", smtp.Port, ["noc@msp.example"])
            .Route("*", "Warning", "slack", "teams", "psa", "noc")
            .PublicUrl(PublicUrl)
            .ApplyTo(s));
        await using (var agent = await collector.ConnectAsync(HostileAgent))
        {
            var run = Observations.Valid("run-1", "sql01", RunStatus.Failed, jobName: HostileJob);
            run.Message = "repository full " + Override + "<!here>";
            await agent.SendBatchAsync(Observations.Batch(1, run));
            await agent.WaitForAckAsync(1);
        }

        // Ingest kept the name, without the override; the agent's id stays as its credentials name it.
        Assert.Equal(ShownJob, await collector.ScalarAsync("SELECT name FROM jobs"));
        Assert.Equal(HostileAgent, await collector.ScalarAsync("SELECT agent_key FROM agents"));

        await AlertsApi.EvaluateAsync(collector.Http);
        await Poll.UntilAsync(() => receiver.Requests.Count == 3 && smtp.Messages.Count == 1, "every receiver got the notification");

        var slack = Body(receiver, "/slack");
        var slackEscaped = "SQL01 &lt;!channel&gt; &lt;https://evil.example|click&gt; [click](https://evil.example) **now**";
        Assert.Equal($"CRITICAL 1 firing at Contoso Ltd / Head office: {slackEscaped} failed", slack.GetProperty("text").GetString());
        var blocks = slack.GetProperty("blocks");
        Assert.Equal($"CRITICAL 1 firing at Contoso Ltd / Head office: {slackEscaped} failed", blocks[0].GetProperty("text").GetProperty("text").GetString());
        var section = blocks.EnumerateArray().Single(b => b.TryGetProperty("block_id", out _)).GetProperty("text").GetProperty("text").GetString()!;
        Assert.Contains($"· Agent `hv01` · Job {slackEscaped}", section, StringComparison.Ordinal);
        Assert.Contains("repository full &lt;!here&gt;", section, StringComparison.Ordinal);
        Assert.Contains($"<{PublicUrl}alerts/", section, StringComparison.Ordinal);
        // Every link and mention in Slack starts with '<' ('>' starts the quote the collector itself puts before a
        // detail): the only ones are the collector's own links.
        Assert.All(JsonStrings.All(slack), text => Assert.DoesNotContain('<', OwnLinks().Replace(text, "")));

        var teams = Body(receiver, "/teams");
        var teamsEscaped = @"SQL01 \<!channel\> \<https://evil.example|click\> \[click\](https://evil.example) \*\*now\*\*";
        var card = teams.GetProperty("attachments")[0].GetProperty("content").GetProperty("body");
        Assert.Equal($"CRITICAL 1 firing at Contoso Ltd / Head office: {teamsEscaped} failed", card[0].GetProperty("text").GetString());
        var facts = card.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "Container").GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("type").GetString() == "FactSet").SelectMany(i => i.GetProperty("facts").EnumerateArray())
            .Where(f => f.GetProperty("title").GetString()!.Length > 0)
            .ToDictionary(f => f.GetProperty("title").GetString()!, f => f.GetProperty("value").GetString()!);
        Assert.Equal((teamsEscaped, "hv01"), (facts["Job"], facts["Agent"]));
        Assert.All(JsonStrings.All(teams), text => Assert.DoesNotContain("[click](", text, StringComparison.Ordinal));

        // A webhook gets data, not markup: the names as they are, without the override.
        var alert = Body(receiver, "/psa").GetProperty("alerts")[0];
        Assert.Equal((ShownJob, ShownJob + " failed", "hv01"), (alert.GetProperty("job").GetString(), alert.GetProperty("title").GetString(),
            alert.GetProperty("agent").GetString()));

        var mail = Assert.Single(smtp.Messages).Message;
        Assert.Equal($"[BackupHealth] CRITICAL 1 firing at Contoso Ltd / Head office: {ShownJob} failed", mail.Subject);
        Assert.Contains(WebUtility.HtmlEncode(ShownJob), mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", mail.HtmlBody, StringComparison.Ordinal);

        var everything = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).SelectMany(JsonStrings.All)
            .Concat([mail.Subject, mail.TextBody ?? "", mail.HtmlBody ?? ""]);
        Assert.All(everything, text => Assert.False(text.AsSpan().ContainsAny(BidiControls), $"a bidirectional control reached a receiver: {text}"));
    }

    /// <summary>A link of the collector's own: <c>&lt;https://backups.example.com/…|Open alert&gt;</c>.</summary>
    [GeneratedRegex(@"<https://backups\.example\.com/[^<>|]*\|[A-Za-z ]+>")]
    private static partial Regex OwnLinks();

    private static JsonElement Body(HttpReceiver receiver, string path) =>
        JsonDocument.Parse(Assert.Single(receiver.Requests, r => r.Path == path).Body).RootElement;
}
