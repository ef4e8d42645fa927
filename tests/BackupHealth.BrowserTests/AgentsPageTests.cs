using BackupHealth.Collector.Agents;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Contracts;
using BackupHealth.IntegrationTests;
using BackupHealth.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BackupHealth.BrowserTests;

[Collection(BrowserTestGroup.Name)]
public sealed class AgentsPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly TimeSpan AgentStart = TimeSpan.FromSeconds(60);

    private readonly ErrorLogCollector _collectorErrors = new();
    private readonly TempDirectory _temp = new("bh-browser-agents");
    private CollectorServer _collector = null!;

    public async Task InitializeAsync() =>
        _collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors);

    public async Task DisposeAsync()
    {
        await _collector.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task An_enrolment_token_made_on_the_page_is_shown_once_with_the_command_that_uses_it()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignIn.AsAsync(page, _collector, "tech2", Roles.Technician);
        await page.GotoAsync(new Uri(_collector.Web, "/agents").ToString());

        var form = page.Locator("form.enrolment-token-form");
        await form.GetByLabel("Site").SelectOptionAsync(new SelectOptionValue { Label = $"{CollectorServer.Customer} / {CollectorServer.Site}" });
        await form.GetByLabel("Name (e.g. the host it is for)").FillAsync("hv02 install");
        await form.GetByLabel("Agents it may enrol").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create enrolment token" }).ClickAsync();
        var token = (await page.Locator(".enrolment-token").InnerTextAsync()).Trim();
        await Screenshots.SaveAsync(page, "Agents_new_enrolment_token");
        await page.GotoAsync(new Uri(_collector.Web, "/agents").ToString());

        Assert.StartsWith(EnrolmentTokenFormat.Prefix, token, StringComparison.Ordinal);
        var row = page.Locator("tr[data-enrolment-token]").Filter(new() { HasText = "hv02 install" });
        await Assertions.Expect(row).ToContainTextAsync("0 / 2");
        await Assertions.Expect(row).ToContainTextAsync("usable");
        Assert.DoesNotContain(token, await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_created_on_the_page_connects_a_real_agent_and_revoking_it_refuses_the_agents_next_connection()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignIn.AsAsync(page, _collector, "tech1", Roles.Technician);
        await page.GotoAsync(new Uri(_collector.Web, "/agents").ToString());

        var siteTokenForm = page.Locator("form.token-form");
        await siteTokenForm.GetByLabel("Site").SelectOptionAsync(new SelectOptionValue { Label = $"{CollectorServer.Customer} / {CollectorServer.Site}" });
        await siteTokenForm.GetByLabel("Name (e.g. the host it is for)").FillAsync("hv01 install");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var token = (await page.Locator(".agent-token").InnerTextAsync()).Trim();
        Assert.StartsWith(AgentTokens.TokenPrefix, token, StringComparison.Ordinal);
        var config = await page.Locator("pre.agent-config").InnerTextAsync();
        Assert.Contains($"\"Token\": \"{token}\"", config, StringComparison.Ordinal);
        Assert.Contains($":{_collector.Grpc.Port}", config, StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "Agents_new_token");

        var id = TokenHash.Of(token)[..AgentTokens.IdLength];
        var stored = Assert.Single(await _collector.Services.GetRequiredService<AgentTokens>().ListAsync(CancellationToken.None), t => t.Id == id);
        Assert.Equal(("web", "hv01 install", "tech1", null), (stored.Source, stored.Name, stored.CreatedBy, stored.Revoked));

        var agentConfig = AgentConfig(token);
        await using (var agent = AgentProcess.Start(_temp.Combine("agent.json"), agentConfig))
        {
            await page.GotoAsync(new Uri(_collector.Web, "/agents").ToString());
            var row = page.Locator("tr[data-agent='token-host-01']");
            await Assertions.Expect(row.Locator(".badge.connected")).ToBeVisibleAsync(new() { Timeout = (float)AgentStart.TotalMilliseconds });

            await page.Locator($"tr[data-token='{id}']").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Token {id}");
            await Assertions.Expect(page.Locator($"tr[data-token='{id}'] .badge.disabled")).ToHaveTextAsync("revoked");
        }

        await using var restarted = AgentProcess.Start(_temp.Combine("agent.json"), agentConfig);
        await Poll.UntilAsync(() => Task.FromResult(restarted.Output), o => o.Contains("refused this agent's token", StringComparison.Ordinal),
            "the restarted agent is refused", AgentStart, () => restarted.Output);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("tr[data-agent='token-host-01'] .badge.disconnected")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"tr[data-token='{CollectorTokenId}'] .badge.ok")).ToHaveTextAsync("active");
        await Assertions.Expect(page.Locator($"tr[data-token='{CollectorTokenId}']")).ToContainTextAsync("remove it from Collector:Sites");
        _collectorErrors.AssertNone();
    }

    [Fact]
    public async Task Host_name_with_script_and_markup_renders_as_text_and_a_viewer_gets_no_token_actions()
    {
        await using var stream = await IngestStream.ConnectAsync(_collector.Grpc, CollectorServer.Token, "hostile-agent", HostileText.Name);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var hostile = new HostileText(page);
        var antiforgery = await DemotedUser.SignInKeepingATechniciansFormTokenAsync(page, _collector, "val", "/agents");

        await page.GotoAsync(new Uri(_collector.Web, "/agents").ToString());

        var row = page.Locator("tr[data-agent='hostile-agent']");
        await Assertions.Expect(row.Locator("td.host")).ToHaveTextAsync(HostileText.Name);
        await Assertions.Expect(row.Locator(".badge.connected")).ToBeVisibleAsync();
        await hostile.AssertInertAsync(page);
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).CountAsync());
        await Assertions.Expect(page.Locator($"tr[data-token='{CollectorTokenId}']")).ToBeVisibleAsync();

        var forged = await page.APIRequest.PostAsync(new Uri(_collector.Web, "/agents/token").ToString(), new()
        {
            Form = Form(page.APIRequest, ("site", "1"), ("name", "forged"),
                ("__RequestVerificationToken", antiforgery)),
        });
        Assert.Equal(403, forged.Status);
        Assert.DoesNotContain(await _collector.Services.GetRequiredService<AgentTokens>().ListAsync(CancellationToken.None), t => t.Name == "forged");
        await Screenshots.SaveAsync(page, nameof(Host_name_with_script_and_markup_renders_as_text_and_a_viewer_gets_no_token_actions));
        _collectorErrors.AssertNone();
    }

    [Fact]
    public async Task A_version_with_a_commit_hash_shows_the_short_hash_with_the_full_version_on_hover()
    {
        const string full = "1.4.0+3f2a9c1d5e6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f";
        await using var stream = await IngestStream.ConnectAsync(_collector.Grpc, CollectorServer.Token, "hash-agent", "hash-host", full);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignIn.AsAsync(page, _collector, "watcher", Roles.Viewer);

        await page.GotoAsync(new Uri(_collector.Web, "/agents").ToString());

        var version = page.Locator("tr[data-agent='hash-agent'] td").Nth(3);
        await Assertions.Expect(version).ToHaveTextAsync("1.4.0+3f2a9c1");
        await Assertions.Expect(version.Locator("[title]")).ToHaveAttributeAsync("title", full);
        await version.Locator("[title]").HoverAsync();
        _collectorErrors.AssertNone();
    }

    private static string CollectorTokenId => TokenHash.Of(CollectorServer.Token)[..AgentTokens.IdLength];

    private object AgentConfig(string token)
    {
        var share = _temp.Combine("share");
        Directory.CreateDirectory(share);
        return new
        {
            Agent = new
            {
                Id = "token-host-01",
                DataPath = _temp.Combine("agent"),
                CollectorUrl = _collector.Grpc.ToString(),
                CollectorCaFile = AgentProcess.CollectorCaFile(_temp.Combine("agent")),
                Token = token,
                ReconnectMaxDelay = "00:00:02",
            },
            Probes = new[] { new { Type = "files", Name = "share", JobName = "Share", Path = share, Pattern = "*.bak", Interval = "01:00:00" } },
        };
    }

    private static IFormData Form(IAPIRequestContext request, params (string Name, string Value)[] fields)
    {
        var form = request.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
