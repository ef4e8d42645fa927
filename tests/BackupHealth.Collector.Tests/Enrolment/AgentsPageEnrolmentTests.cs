using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using BackupHealth.Collector.Tests.Audit;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Tests.Web;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Contracts;
using Grpc.Core;

namespace BackupHealth.Collector.Tests.Enrolment;

/// <summary>The Agents page as a technician uses it: an enrolment token made on the page and shown once, listed with
/// its uses, revoked; an enrolled agent shown with its certificate, and revoked from the page, which ends its stream.</summary>
public sealed partial class AgentsPageEnrolmentTests : IAsyncLifetime
{
    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync(s => s["Collector:AllowSiteTokens"] = "false");

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    private async Task<FormSession> SignedInAsync()
    {
        await WebUsers.EnsureAsync(_collector.App.Services, "tina", Roles.Technician, "Contoso Ltd");
        var session = new FormSession(_collector.Endpoints.Web);
        using var response = await session.SignInAsync("tina", WebUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return session;
    }

    private static async Task<string> PostAsync(FormSession session, string path, params (string Name, string Value)[] fields)
    {
        using var response = await session.PostFormAsync(path, await session.TokenAsync("/agents"), fields);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{path}: {response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_technician_makes_an_enrolment_token_on_the_page_an_agent_uses_it_and_the_page_revokes_the_agent()
    {
        using var session = await SignedInAsync();
        var site = (await AuditTable.SiteAsync(_collector, "Contoso Ltd")).ToString(CultureInfo.InvariantCulture);

        var shown = await PostAsync(session, "/agents/enrolment-token", ("site", site), ("name", "hv01 install"), ("hours", "4"), ("uses", "1"));
        var token = TokenPattern().Match(shown).Value;
        using var agent = new EnrollingAgent(_collector, "hv01");
        await agent.EnrolAsync(token);
        await using var stream = await agent.ConnectAsync();
        var page = await session.Client.GetStringAsync(new Uri("/agents", UriKind.Relative));

        Assert.StartsWith(EnrolmentTokenFormat.Prefix, token, StringComparison.Ordinal);
        Assert.Contains("backuphealth-agent enroll --token-file", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(token, page, StringComparison.Ordinal);
        Assert.Matches(@"hv01 install</td>[\s\S]*?1 / 1[\s\S]*?used up", page);
        Assert.Contains("certificate until", page, StringComparison.Ordinal);
        Assert.DoesNotContain("New site token", page, StringComparison.Ordinal);
        Assert.Contains("Site tokens are off", page, StringComparison.Ordinal);

        var id = (await _collector.ScalarAsync("SELECT id FROM agents WHERE agent_key = 'hv01'"))!.ToString()!;
        await PostAsync(session, "/agents?handler=RevokeAgent", ("id", id));
        var ended = await stream.WaitForErrorAsync();

        Assert.Equal(StatusCode.PermissionDenied, ended.StatusCode);
        Assert.Contains("revoked", await session.Client.GetStringAsync(new Uri("/agents", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal(["enrolment-token.created", "agent.enrolled", "agent.revoked"],
            (await AuditTable.ReadAsync(_collector)).Where(r => r.Action != "signin.succeeded").Select(r => r.Action));
    }

    [Fact]
    public async Task A_token_revoked_on_the_page_enrols_nothing()
    {
        using var session = await SignedInAsync();
        var site = (await AuditTable.SiteAsync(_collector, "Contoso Ltd")).ToString(CultureInfo.InvariantCulture);
        var token = TokenPattern().Match(await PostAsync(session, "/agents/enrolment-token", ("site", site), ("name", "spare"), ("hours", "24"), ("uses", "5"))).Value;
        var id = (await _collector.ScalarAsync("SELECT id FROM enrolment_tokens"))!.ToString()!;

        await PostAsync(session, "/agents?handler=RevokeEnrolmentToken", ("id", id));
        using var agent = new EnrollingAgent(_collector, "hv01");
        var refused = await Assert.ThrowsAsync<RpcException>(() => agent.EnrolAsync(token));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task A_technician_limited_to_one_customer_cannot_make_a_token_for_another()
    {
        using var session = await SignedInAsync();
        var fabrikam = (await AuditTable.SiteAsync(_collector, "Fabrikam")).ToString(CultureInfo.InvariantCulture);

        using var response = await session.PostFormAsync("/agents/enrolment-token", await session.TokenAsync("/agents"), ("site", fabrikam), ("name", "x"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0L, await _collector.CountAsync("SELECT count(*) FROM enrolment_tokens"));
    }

    [Fact]
    public async Task With_site_tokens_off_no_site_token_can_be_made()
    {
        using var session = await SignedInAsync();
        var site = (await AuditTable.SiteAsync(_collector, "Contoso Ltd")).ToString(CultureInfo.InvariantCulture);

        await PostAsync(session, "/agents/token", ("site", site), ("name", "old way"));

        Assert.Equal(0L, await _collector.CountAsync("SELECT count(*) FROM agent_tokens WHERE source = 'web'"));
    }

    [GeneratedRegex("bhe_[A-Za-z0-9_-]{40,}")]
    private static partial Regex TokenPattern();
}
