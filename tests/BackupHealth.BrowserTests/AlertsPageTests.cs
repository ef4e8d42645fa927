using System.Net.Http.Json;
using System.Text.Json;
using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.IntegrationTests;
using BackupHealth.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BackupHealth.BrowserTests;

[Collection(BrowserTestGroup.Name)]
public sealed class AlertsPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly ErrorLogCollector _collectorErrors = new();
    private readonly TempDirectory _temp = new("bh-browser-alerts");
    private CollectorServer _collector = null!;
    private IngestStream _agent = null!;

    public async Task InitializeAsync()
    {
        _collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors);
        _agent = await IngestStream.ConnectAsync(_collector.Grpc, CollectorServer.Token, "alerts-host-01", "alerts-host-01.example.test");
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _collector.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Technician_acknowledges_an_alert_with_a_comment_and_sees_its_state_change_keeping_the_filters()
    {
        var id = await FailedJobAlertAsync("sql-nightly", "SQL nightly");
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignIn.AsAsync(page, _collector, "tech1", Roles.Technician);

        await page.GotoAsync(new Uri(_collector.Web, "/alerts?state=open&q=SQL").ToString());
        var row = page.Locator($"tr[data-alert='{id}']");
        await Assertions.Expect(row.Locator(".badge.firing")).ToHaveTextAsync("firing");
        // What the alert is about, by name: never the internal subject ("job:5").
        var about = row.Locator("td").Nth(2);
        await Assertions.Expect(about).ToContainTextAsync("job SQL nightly · agent alerts-host-01");
        Assert.DoesNotContain("job:", await about.InnerTextAsync(), StringComparison.Ordinal);
        await row.Locator("summary", new() { HasText = "Acknowledge" }).ClickAsync();
        await row.GetByLabel("Comment").First.FillAsync("Looking at the share's permissions");
        await row.GetByRole(AriaRole.Button, new() { Name = "Acknowledge", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{AlertKeysOf(id)} acknowledged");
        await Assertions.Expect(row.Locator(".badge.acknowledged")).ToHaveTextAsync("acknowledged");
        await Assertions.Expect(row.Locator(".handled")).ToContainTextAsync("acknowledged by tech1");
        await Assertions.Expect(row.Locator(".handled .comment")).ToHaveTextAsync("Looking at the share's permissions");
        Assert.EndsWith("/alerts?state=open&q=SQL", page.Url, StringComparison.Ordinal);
        var stored = await AlertAsync(id);
        Assert.Equal(("acknowledged", "tech1", "Looking at the share's permissions"), (stored.State, stored.AcknowledgedBy, stored.AckComment));
        await Screenshots.SaveAsync(page, nameof(Technician_acknowledges_an_alert_with_a_comment_and_sees_its_state_change_keeping_the_filters));
        _collectorErrors.AssertNone();
    }

    [Fact]
    public async Task Viewer_sees_no_actions_and_a_forged_acknowledge_is_refused()
    {
        var id = await FailedJobAlertAsync("sql-nightly", "SQL nightly");
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var antiforgery = await DemotedUser.SignInKeepingATechniciansFormTokenAsync(page, _collector, "val", "/alerts");

        await page.GotoAsync(new Uri(_collector.Web, "/alerts").ToString());
        var row = page.Locator($"tr[data-alert='{id}']");
        await Assertions.Expect(row.Locator(".badge.firing")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("summary").CountAsync());
        Assert.Equal(0, await page.Locator("form[method='post'][action*='handler=']").CountAsync());

        var forged = await page.APIRequest.PostAsync(new Uri(_collector.Web, "/alerts?handler=Acknowledge").ToString(), new()
        {
            Form = FormOf(page.APIRequest, ("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("comment", "forged"), ("__RequestVerificationToken", antiforgery)),
        });
        var withoutToken = await page.APIRequest.PostAsync(new Uri(_collector.Web, "/alerts?handler=Acknowledge").ToString(), new()
        {
            Form = FormOf(page.APIRequest, ("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("comment", "forged")),
        });

        Assert.Equal(403, forged.Status);
        Assert.Equal(400, withoutToken.Status);
        var stored = await AlertAsync(id);
        Assert.Equal(("firing", null), (stored.State, stored.AcknowledgedBy));
        _collectorErrors.AssertNone();
    }

    [Fact]
    public async Task Job_name_with_script_and_markup_renders_as_text_on_the_alert_list_and_the_alert_page()
    {
        var id = await FailedJobAlertAsync("hostile", HostileText.Name);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var hostile = new HostileText(page);
        await SignIn.AsAsync(page, _collector);

        await page.GotoAsync(new Uri(_collector.Web, "/alerts").ToString());
        await Assertions.Expect(page.Locator($"tr[data-alert='{id}'] a.alert-title")).ToHaveTextAsync(HostileText.Name + " failed");
        await hostile.AssertInertAsync(page);

        await page.GotoAsync(new Uri(_collector.Web, $"/alerts/{id}").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(HostileText.Name + " failed");
        await Assertions.Expect(page.Locator("dl.alert-facts dd").Filter(new() { HasText = "window.__xss" }).First).ToBeVisibleAsync();
        await hostile.AssertInertAsync(page);
        await Screenshots.SaveAsync(page, nameof(Job_name_with_script_and_markup_renders_as_text_on_the_alert_list_and_the_alert_page));
        _collectorErrors.AssertNone();
    }

    [Fact]
    public async Task Alert_page_says_what_the_alert_means_the_next_step_on_its_host_and_after_a_resolve_why()
    {
        var id = await FailedJobAlertAsync("share-export", "Share export");
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignIn.AsAsync(page, _collector, "tech1", Roles.Technician);

        await page.GotoAsync(new Uri(_collector.Web, $"/alerts/{id}").ToString());
        await Assertions.Expect(page.Locator(".guide .what")).ToHaveTextAsync("The newest run of this backup job failed.");
        await Assertions.Expect(page.Locator(".guide .next-step")).ToContainTextAsync("Next step:");
        await Assertions.Expect(page.Locator(".guide .next-step")).ToContainTextAsync("host alerts-host-01.example.test");
        await Screenshots.SaveAsync(page, nameof(Alert_page_says_what_the_alert_means_the_next_step_on_its_host_and_after_a_resolve_why));

        var resolved = await _collector.Services.GetRequiredService<AlertCommands>().ResolveAsync(id, "tech1", "fixed the share");
        Assert.Equal(CommandStatus.Done, resolved.Status);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".guide .next-step")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".guide .resolution")).ToHaveTextAsync("Resolved: by tech1: fixed the share");
        _collectorErrors.AssertNone();
    }

    /// <summary>Reports a failed run of the job, has the collector evaluate, and returns the job_failed alert's id.</summary>
    private async Task<long> FailedJobAlertAsync(string jobKey, string jobName)
    {
        await _agent.SendFailedRunsAsync(new Dictionary<string, string> { [jobKey] = jobName });
        var admin = await _collector.ApiClientAsync();
        using (var evaluated = await admin.PostAsync(new Uri("/api/v1/alerts/evaluate", UriKind.Relative), null))
        {
            evaluated.EnsureSuccessStatusCode();
        }

        var alerts = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/alerts?state=open&rule=job_failed", UriKind.Relative));
        return alerts.EnumerateArray().Single(a => a.GetProperty("jobName").GetString() == jobName).GetProperty("id").GetInt64();
    }

    private async Task<AlertDto> AlertAsync(long id) =>
        (await _collector.Services.GetRequiredService<AlertQueries>().GetAlertAsync(id, CancellationToken.None))!;

    private static string AlertKeysOf(long id) => BackupHealth.Collector.Alerts.AlertKeys.Of(id);

    private static IFormData FormOf(IAPIRequestContext request, params (string Name, string Value)[] fields)
    {
        var form = request.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
