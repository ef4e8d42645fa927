using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackupHealth.Contracts.V1;
using BackupHealth.IntegrationTests;
using BackupHealth.Testing;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Playwright;

namespace BackupHealth.BrowserTests;

/// <summary>From an alert to what failed, in Chromium against a real collector: the alert page leads to its job, site
/// and agent and names the file; the job page says each run's file, its reason once, "—" where a source cannot
/// verify and "unknown" where a duration is not known.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class FailingRunPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string AgentKey = "xen-host-01";
    private const string CorruptReason = "VM db01: db01 disk 0 'db01 system', Ref:3, chunk 00000001 (disk offset 1048576): xxhash mismatch";

    private readonly ErrorLogCollector _collectorErrors = new();
    private readonly TempDirectory _temp = new("bh-browser-runs");
    private readonly DateTimeOffset _end = DateTimeOffset.UtcNow.AddMinutes(-30);
    private CollectorServer _collector = null!;
    private IngestStream _agent = null!;
    private int _observations;

    public async Task InitializeAsync()
    {
        _collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors);
        _agent = await IngestStream.ConnectAsync(_collector.Grpc, CollectorServer.Token, AgentKey, "xen01.example.test");
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _collector.DisposeAsync();
        _temp.Dispose();
        _collectorErrors.AssertNone();
    }

    [Fact]
    public async Task The_alert_of_a_corrupt_export_names_its_file_and_leads_to_its_job_site_and_agent()
    {
        await _agent.SendAsync(Run("db01-exports", "db01 exports", "xenserver.xva", RunStatus.Success, _end.AddDays(-1), VerificationState.Passed, "VM db01: 1 disk",
            path: "db01/db01-old.xva"));
        await _agent.SendAsync(Run("db01-exports", "db01 exports", "xenserver.xva", RunStatus.Success, _end, VerificationState.Failed, CorruptReason,
            path: "db01/db01-new.xva"));
        var alerts = await EvaluateAsync();
        var alert = Assert.Single(alerts.EnumerateArray(), a => a.GetProperty("jobName").GetString() == "db01 exports");
        Assert.Equal("verification_failed", alert.GetProperty("rule").GetString());
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignIn.AsAsync(page, _collector);

        await page.GotoAsync(new Uri(_collector.Web, $"/alerts/{alert.GetProperty("id").GetInt64()}").ToString());

        await Assertions.Expect(page.Locator("dd.detail")).ToContainTextAsync("db01 disk 0 'db01 system', Ref:3");
        await Assertions.Expect(page.Locator("dd.detail")).ToContainTextAsync("file db01/db01-new.xva");
        await Assertions.Expect(page.Locator("dl.alert-facts")).ToContainTextAsync($"job db01 exports · agent {AgentKey}");
        Assert.DoesNotContain("job:", await page.Locator("dl.alert-facts dd").Nth(2).InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = CollectorServer.Site, Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sites/\\d+/grid$"));
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = AgentKey }).ClickAsync();
        await Assertions.Expect(page.Locator($"tr#agent-{AgentKey}")).ToBeVisibleAsync();
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "db01 exports" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("db01 exports");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).Locator(".badge")).ToHaveTextAsync("corrupt");
        var newest = page.Locator("table.runs tbody tr").First;
        await Assertions.Expect(newest.Locator("td.file")).ToHaveTextAsync("db01/db01-new.xva");
        await Assertions.Expect(newest.Locator(".badge.verify-failed")).ToHaveTextAsync("failed");
        await Screenshots.SaveAsync(page, nameof(The_alert_of_a_corrupt_export_names_its_file_and_leads_to_its_job_site_and_agent));
    }

    [Fact]
    public async Task The_job_page_says_a_reason_once_dashes_what_a_source_cannot_verify_and_leaves_unknown_durations_unknown()
    {
        // An older XVA probe put the reason in the message as well as in the verification.
        var old = Run("db02-exports", "db02 exports", "xenserver.xva", RunStatus.Failed, _end, VerificationState.Failed, CorruptReason + " [1 complete disk, 2 chunks]");
        old.Message = CorruptReason.Replace("VM db01: ", "", StringComparison.Ordinal);
        await _agent.SendAsync(old);
        // A files job: no verification, and start = end (the file's write time is all the source knows).
        await _agent.SendAsync(
            Run("nas-files", "NAS files", "files", RunStatus.Success, _end.AddDays(-2), VerificationState.NotVerified, "", duration: TimeSpan.FromMinutes(20)),
            Run("nas-files", "NAS files", "files", RunStatus.Success, _end.AddDays(-1), VerificationState.NotVerified, "", duration: TimeSpan.Zero),
            Run("nas-files", "NAS files", "files", RunStatus.Success, _end, VerificationState.NotVerified, "", duration: TimeSpan.FromMinutes(25)));
        var jobs = await (await _collector.ApiClientAsync()).GetFromJsonAsync<JsonElement>(new Uri("/api/v1/jobs", UriKind.Relative));
        long JobId(string name) => jobs.EnumerateArray().Single(j => j.GetProperty("name").GetString() == name).GetProperty("id").GetInt64();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignIn.AsAsync(page, _collector);

        await page.GotoAsync(new Uri(_collector.Web, $"/jobs/{JobId("db02 exports")}").ToString());
        var row = page.Locator("table.runs tbody tr").First;
        await Assertions.Expect(row.Locator("td.message")).ToContainTextAsync("xxhash mismatch");
        Assert.Equal(1, CountOf(await row.InnerTextAsync(), "xxhash mismatch"));

        await page.GotoAsync(new Uri(_collector.Web, $"/jobs/{JobId("NAS files")}").ToString());
        var rows = page.Locator("table.runs tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("table.runs .badge.verify-not_verified")).ToHaveCountAsync(0);
        await Assertions.Expect(rows.Locator("td.verification")).ToHaveTextAsync(["—", "—", "—"]);
        await Assertions.Expect(rows.Nth(1).Locator("td.num").Nth(1)).ToHaveTextAsync("unknown");
        // The chart: a duration point for each known duration, in two lines broken where the duration is unknown.
        await Assertions.Expect(page.Locator("svg.bh-chart rect.bh-duration")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("svg.bh-chart polyline.bh-duration")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, nameof(The_job_page_says_a_reason_once_dashes_what_a_source_cannot_verify_and_leaves_unknown_durations_unknown));
    }

    private async Task<JsonElement> EvaluateAsync()
    {
        var admin = await _collector.ApiClientAsync();
        using (var evaluated = await admin.PostAsync(new Uri("/api/v1/alerts/evaluate", UriKind.Relative), null))
        {
            evaluated.EnsureSuccessStatusCode();
        }

        return await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/alerts?state=open", UriKind.Relative));
    }

    private Observation Run(string jobKey, string jobName, string sourceKind, RunStatus status, DateTimeOffset end, VerificationState verification,
        string verificationDetail, string? path = null, TimeSpan? duration = null)
    {
        var observation = new Observation
        {
            Id = $"runs-obs-{++_observations}",
            SourceKind = sourceKind,
            JobKey = jobKey,
            JobName = jobName,
            ProtectedObject = "db01",
            Status = status,
            StartTime = Timestamp.FromDateTimeOffset(end - (duration ?? TimeSpan.FromMinutes(10))),
            EndTime = Timestamp.FromDateTimeOffset(end),
            SizeBytes = 4096,
            Verification = new Verification { State = verification, Detail = verificationDetail },
            ObservedAt = Timestamp.FromDateTimeOffset(end.AddMinutes(1)),
            ProbeName = "nightly-files",
        };
        if (path is not null)
        {
            observation.Attributes["path"] = path;
        }

        return observation;
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
