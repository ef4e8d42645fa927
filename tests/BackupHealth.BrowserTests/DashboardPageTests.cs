using System.Net;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.IntegrationTests;
using BackupHealth.Testing;
using Microsoft.Playwright;

namespace BackupHealth.BrowserTests;

/// <summary>The overview, a site's status grid and a job's page in Chromium, against a real collector fed by two real
/// agents (<see cref="SampleEstate"/>).</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class DashboardPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly ErrorLogCollector _collectorErrors = new();
    private SampleEstate _estate = null!;

    public async Task InitializeAsync() => _estate = await SampleEstate.StartAsync(_collectorErrors);

    public async Task DisposeAsync()
    {
        await _estate.DisposeAsync();
        _collectorErrors.AssertNone();
    }

    private Uri Web => _estate.Collector.Web;

    [Fact]
    public async Task The_overview_shows_the_failing_site_first_and_leads_to_its_grid_and_a_job()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignIn.AsAsync(page, _estate.Collector, "tech", Roles.Technician);

        await page.GotoAsync(Web.ToString());

        var sites = page.Locator(".site");
        await Assertions.Expect(sites).ToHaveCountAsync(2);
        await Assertions.Expect(sites.Nth(0)).ToContainTextAsync("Branch");
        await Assertions.Expect(sites.Nth(0).Locator(".badge").First).ToHaveTextAsync("failing");
        await Assertions.Expect(sites.Nth(0)).ToContainTextAsync("1 failed");
        await Assertions.Expect(sites.Nth(1)).ToContainTextAsync("Head office");
        await Assertions.Expect(sites.Nth(1).Locator(".badge").First).ToHaveTextAsync("healthy");
        await Assertions.Expect(page.Locator(".counts")).ToContainTextAsync("1 failing");
        await Screenshots.SaveAsync(page, "overview");

        await sites.Nth(0).GetByRole(AriaRole.Link, new() { Name = "Branch", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveTitleAsync("Branch · Fabrikam · status grid · BackupHealth");
        var rows = page.Locator("table.grid tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0).Locator("th.job a")).ToHaveTextAsync(SampleEstate.FailingJob);
        var failing = rows.Nth(0).Locator("td.day");
        await Assertions.Expect(failing).ToHaveCountAsync(14);
        // Today failed (the newest file is empty); the days before succeeded; before the history nothing was expected.
        var outcomes = await failing.EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.outcome)");
        Assert.Equal("failed", outcomes[^1]);
        Assert.All(outcomes[^SampleEstate.HistoryDays..^1], o => Assert.Equal("success", o));
        Assert.All(outcomes[..^SampleEstate.HistoryDays], o => Assert.Equal("nothing", o));
        await Screenshots.SaveAsync(page, "status-grid");

        await rows.Nth(0).GetByRole(AriaRole.Link, new() { Name = SampleEstate.FailingJob }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(SampleEstate.FailingJob);
        await Assertions.Expect(page.Locator("table.runs tbody tr")).ToHaveCountAsync(SampleEstate.HistoryDays);
        await Assertions.Expect(page.Locator("table.runs tbody tr").First.Locator(".badge").First).ToHaveTextAsync("failed");
        // The chart: a size point per finished run, the failed one marked.
        await Assertions.Expect(page.Locator("svg.bh-chart")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("svg.bh-chart circle.bh-size")).ToHaveCountAsync(SampleEstate.HistoryDays - 1);
        await Assertions.Expect(page.Locator("svg.bh-chart g.bh-failed")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".expectation")).ToContainTextAsync("every 1 d");
        // Only admins change expectations.
        await Assertions.Expect(page.GetByText("Change the expectation")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "job");
    }

    [Fact]
    public async Task The_overview_names_each_problem_job_under_its_site_with_why_and_its_last_seven_days()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignIn.AsAsync(page, _estate.Collector, "tech", Roles.Technician);

        await page.GotoAsync(Web.ToString());

        var problems = page.Locator(".site", new() { HasText = "Branch" }).Locator("ul.problem-jobs li");
        await Assertions.Expect(problems).ToHaveCountAsync(1);
        var problem = problems.First;
        await Assertions.Expect(problem.Locator("a.job-name")).ToHaveTextAsync(SampleEstate.FailingJob);
        // Why, in a few words: the deciding run's outcome, how long ago, and what the probe said.
        await Assertions.Expect(problem.Locator(".reason")).ToContainTextAsync("failed");
        await Assertions.Expect(problem.Locator(".reason")).ToContainTextAsync("backup file is 0 bytes");
        // The last 7 days as the status grid's cells: today failed, the six days before succeeded.
        var cells = problem.Locator(".days .cell");
        await Assertions.Expect(cells).ToHaveCountAsync(7);
        var classes = await cells.EvaluateAllAsync<string[]>("cells => cells.map(c => c.className)");
        Assert.Equal(Enumerable.Repeat("cell success", 6).Append("cell failed"), classes);
        var signs = await cells.AllInnerTextsAsync();
        Assert.Equal(Enumerable.Repeat("✓", 6).Append("✗"), signs);
        // A healthy site lists nothing.
        await Assertions.Expect(page.Locator(".site", new() { HasText = "Head office" }).Locator("ul.problem-jobs")).ToHaveCountAsync(0);

        await problem.Locator("a.job-name").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(SampleEstate.FailingJob);
    }

    [Fact]
    public async Task All_sites_problems_only_shows_every_problem_on_one_page_and_a_limited_technician_only_their_customers()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignIn.AsAsync(page, _estate.Collector, "tech", Roles.Technician);
        await page.GotoAsync(new Uri(Web, "/grid").ToString());

        await page.GetByRole(AriaRole.Link, new() { Name = "All sites, problems only" }).ClickAsync();

        await Assertions.Expect(page).ToHaveTitleAsync("All sites, problems only · status grid · BackupHealth");
        var rows = page.Locator("table.grid tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First.Locator("th.job a")).ToHaveTextAsync(SampleEstate.FailingJob);
        await Assertions.Expect(rows.First).ToContainTextAsync("Fabrikam");
        await Assertions.Expect(rows.First.GetByRole(AriaRole.Link, new() { Name = "Branch", Exact = true })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/sites/[0-9]+/grid$"));
        await Assertions.Expect(rows.First.Locator(".badge")).ToHaveTextAsync("failed");
        await Assertions.Expect(rows.First.Locator("td.reason")).ToContainTextAsync("backup file is 0 bytes");
        var outcomes = await rows.First.Locator("td.day").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.outcome)");
        Assert.Equal(14, outcomes.Length);
        Assert.Equal("failed", outcomes[^1]);
        await Screenshots.SaveAsync(page, "problems-grid");

        // Contoso's technician: Contoso has no problem, and Fabrikam's is not theirs to see.
        await using var limitedContext = await browser.NewContextAsync();
        var limited = await limitedContext.NewPageAsync();
        await SignIn.AsAsync(limited, _estate.Collector, "contoso-tech", Roles.Technician, CollectorServer.Customer);
        await limited.GotoAsync(new Uri(Web, "/grid/problems").ToString());
        await Assertions.Expect(limited.Locator(".empty")).ToContainTextAsync("No problems");
        await Assertions.Expect(limited.GetByText(SampleEstate.FailingJob)).ToHaveCountAsync(0);
        await Assertions.Expect(limited.GetByText("Fabrikam")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_technician_limited_to_one_customer_sees_one_site_counted_as_one_and_its_problem()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignIn.AsAsync(page, _estate.Collector, "fabrikam-tech", Roles.Technician, "Fabrikam");

        await page.GotoAsync(Web.ToString());

        await Assertions.Expect(page.Locator(".site")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".counts .muted")).ToContainTextAsync("1 site · 2 jobs (1 failed");
        await Assertions.Expect(page.Locator(".site .site-facts")).ToContainTextAsync("1/1 agent connected");
        await Assertions.Expect(page.Locator("ul.problem-jobs a.job-name")).ToHaveTextAsync(SampleEstate.FailingJob);
        await page.GotoAsync(new Uri(Web, "/grid/problems").ToString());
        await Assertions.Expect(page.Locator("table.grid tbody tr th.job a")).ToHaveTextAsync(SampleEstate.FailingJob);
    }

    [Fact]
    public async Task An_admin_sets_a_jobs_expectation_and_the_page_says_who_set_it()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignIn.AsAsync(page, _estate.Collector);
        await page.GotoAsync(Web.ToString());
        await page.Locator(".site", new() { HasText = "Branch" }).GetByRole(AriaRole.Link, new() { Name = "Branch", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = SampleEstate.HealthyBranchJob }).ClickAsync();

        await page.GetByText("Change the expectation").ClickAsync();
        await page.GetByLabel("Every (interval)").FillAsync("12h");
        await page.GetByLabel("Grace").FillAsync("1h");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Expectation saved.");
        await Assertions.Expect(page.Locator(".expectation")).ToContainTextAsync("every 12 h, grace 1 h (set)");
        await Assertions.Expect(page.Locator(".expectation")).ToContainTextAsync("by admin");

        await page.GetByText("Change the expectation").ClickAsync();
        await page.GetByLabel("or on a schedule").FillAsync("daily 25:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("schedule");
        await Assertions.Expect(page.Locator(".expectation")).ToContainTextAsync("every 12 h, grace 1 h (set)");
    }

    [Fact]
    public async Task A_new_failure_shows_up_without_a_reload_and_the_filter_stays()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignIn.AsAsync(page, _estate.Collector, "watcher", Roles.Viewer);
        await page.GotoAsync(new Uri(Web, "/?q=Head").ToString());
        await Assertions.Expect(page.Locator(".site")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".site .badge").First).ToHaveTextAsync("healthy");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        // The Exchange job's newest backup comes out empty: the agent reports it, the page learns of it by itself.
        var file = Path.Combine(_estate.JobFolder("exchange"), "exchange-new.bak");
        await File.WriteAllBytesAsync(file, []);

        await Assertions.Expect(page.Locator(".site .badge").First).ToHaveTextAsync("failing", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".site")).ToHaveCountAsync(1);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
        Assert.Equal("q=Head", new Uri(page.Url).Query.TrimStart('?'));
        Assert.Equal("Head", await page.GetByLabel("Search customer, site, agent or job").InputValueAsync());
    }

    [Fact]
    public async Task Noc_mode_fills_the_screen_with_problem_sites_and_no_navigation()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(1920, 1080);
        await SignIn.AsAsync(page, _estate.Collector, "wall", Roles.Viewer);

        await page.GotoAsync(new Uri(Web, "/?noc=1&health=problems").ToString());

        await Assertions.Expect(page.Locator("body.noc")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("header.top")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".site")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".site")).ToContainTextAsync("Branch");
        await Assertions.Expect(page.Locator(".counts")).ToContainTextAsync("1 healthy");
        Assert.Equal("30", await page.Locator("body").GetAttributeAsync("data-refresh"));
        await Screenshots.SaveAsync(page, "noc");
    }

    [Fact]
    public async Task Job_names_with_script_and_markup_render_as_text_on_the_grid_and_job_pages()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var hostile = new HostileText(page);
        await SignIn.AsAsync(page, _estate.Collector, "tech", Roles.Technician);

        await page.GotoAsync(new Uri(Web, "/?q=bold").ToString());
        await Assertions.Expect(page.Locator(".site")).ToContainTextAsync("Head office");
        await page.GetByRole(AriaRole.Link, new() { Name = "Head office" }).ClickAsync();
        var link = page.GetByRole(AriaRole.Link, new() { Name = SampleEstate.HostileName, Exact = true });
        await Assertions.Expect(link).ToBeVisibleAsync();
        await hostile.AssertInertAsync(page);
        await link.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(SampleEstate.HostileName);
        await hostile.AssertInertAsync(page);
    }

    [Fact]
    public async Task Signed_out_every_page_leads_to_sign_in_and_the_api_answers_401()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        foreach (var path in new[] { "/", "/grid", "/sites/1/grid", "/jobs/1", "/alerts", "/agents", "/coverage", "/users", "/account" })
        {
            await page.GotoAsync(new Uri(Web, path).ToString());
            Assert.Equal("/signin", new Uri(page.Url).AbsolutePath);
            await Assertions.Expect(page.GetByLabel("Password")).ToBeVisibleAsync();
        }

        var api = await page.APIRequest.GetAsync(new Uri(Web, "/api/v1/jobs").ToString());
        Assert.Equal((int)HttpStatusCode.Unauthorized, api.Status);
        await Screenshots.SaveAsync(page, "signin");
    }
}
