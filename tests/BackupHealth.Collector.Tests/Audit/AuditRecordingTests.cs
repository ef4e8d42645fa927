using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Tests.Web;
using BackupHealth.Collector.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Tests.Audit;

/// <summary>Every security-relevant action there is today is one audit row: who, from where, what, on what, which
/// customer — and never a password or a token.</summary>
public sealed partial class AuditRecordingTests : IAsyncLifetime
{
    private const string WrongPassword = "Wrong-Secret-Pw-4711";
    private const string NewUserPassword = "New-User-Secret-0815";
    private const string ResetPassword = "Reset-Secret-Pw-2342";
    private const string ChangedPassword = "Changed-Secret-Pw-9001";

    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    [Fact]
    public async Task Sign_ins_users_and_tokens_made_on_the_pages_are_each_one_row_without_any_secret()
    {
        using var session = new FormSession(_collector.Endpoints.Web);
        using (await session.SignInAsync(WebUsers.AdminName, WrongPassword))
        using (await session.SignInAsync("nobody-at-all", WrongPassword))
        using (var signedIn = await session.SignInAsync(WebUsers.AdminName, WebUsers.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        var contosoSite = await AuditTable.SiteAsync(_collector, "Contoso Ltd");
        await PostAsync(session, "/users", "/users?handler=Create", ("username", "tina"), ("role", Roles.Technician), ("customers", "Contoso Ltd"),
            ("password", NewUserPassword), ("repeat", NewUserPassword));
        var tina = (await _collector.App.Services.GetRequiredService<UserAccounts>().FindAsync("tina", CancellationToken.None))!.Id;
        var tinaId = tina.ToString(CultureInfo.InvariantCulture);
        await PostAsync(session, "/users", "/users?handler=Update", ("id", tinaId), ("role", Roles.Viewer), ("disabled", "true"));
        await PostAsync(session, "/users", "/users?handler=Password", ("id", tinaId), ("password", ResetPassword), ("repeat", ResetPassword));
        var apiToken = Token(await PostAsync(session, "/account", "/account?handler=CreateToken", ("name", "script")), ApiTokenPattern());
        await PostAsync(session, "/account", "/account?handler=RevokeToken", ("id", TokenHash.Of(apiToken)[..12]));
        var agentToken = Token(await PostAsync(session, "/agents", "/agents/token", ("site", contosoSite.ToString(CultureInfo.InvariantCulture)),
            ("name", "host-a")), AgentTokenPattern());
        await PostAsync(session, "/agents", "/agents?handler=RevokeToken", ("site", contosoSite.ToString(CultureInfo.InvariantCulture)),
            ("id", TokenHash.Of(agentToken)[..12]));
        await PostAsync(session, "/account", "/account?handler=Password", ("current", WebUsers.Password), ("password", ChangedPassword),
            ("repeat", ChangedPassword));
        await PostAsync(session, "/account", "/signout");

        var rows = await AuditTable.ReadAsync(_collector);
        Assert.All(rows, r => Assert.Equal("127.0.0.1", r.Address));
        Assert.Equal(
        [
            ("admin", "signin.failed", "user:admin", null, "wrong password"),
            ("nobody-at-all", "signin.failed", "user:nobody-at-all", null, "unknown user"),
            ("admin", "signin.succeeded", "user:admin", null, ""),
            ("admin", "user.created", "user:tina", null, "role technician, customers Contoso Ltd"),
            ("admin", "user.changed", "user:tina", null, "was role technician, customers Contoso Ltd; now role viewer, every customer, disabled"),
            ("admin", "user.password-set", "user:tina", null, "sessions and API tokens ended"),
            ("admin", "api-token.created", "api-token:" + TokenHash.Of(apiToken)[..12], null, "'script' of admin, read"),
            ("admin", "api-token.revoked", "api-token:" + TokenHash.Of(apiToken)[..12], null, "of admin"),
            ("admin", "agent-token.created", "agent-token:" + TokenHash.Of(agentToken)[..12], "Contoso Ltd", "'host-a' for site Head office"),
            ("admin", "agent-token.revoked", "agent-token:" + TokenHash.Of(agentToken)[..12], "Contoso Ltd", "site Head office"),
            ("admin", "user.password-changed", "user:admin", null, "own password; other sessions and API tokens ended"),
            ("admin", "signout", "user:admin", (string?)null, ""),
        ], rows.Select(r => (r.Actor, r.Action, r.Target, r.Customer, r.Detail)).ToArray());

        var dump = await AuditTable.DumpAsync(_collector);
        foreach (var secret in new[] { WrongPassword, NewUserPassword, ResetPassword, ChangedPassword, WebUsers.Password, apiToken, agentToken })
        {
            Assert.DoesNotContain(secret, dump, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Alert_work_silences_windows_expectations_and_coverage_through_the_api_are_each_one_row_of_their_customer()
    {
        var adminId = await WebUsers.EnsureAsync(_collector.App.Services, WebUsers.AdminName);
        var tokenId = Assert.Single(await _collector.App.Services.GetRequiredService<UserAccounts>().ListApiTokensAsync(adminId, CancellationToken.None)).Id;
        var alert = await AuditTable.AlertAsync(_collector, "Contoso Ltd");
        var job = await AuditTable.JobAsync(_collector, "Fabrikam");
        await AuditTable.ExecuteAsync(_collector, """
            INSERT INTO inventory_first_seen (site_id, item_id, first_seen)
            SELECT a.site_id, 'vm-7', 0 FROM jobs j JOIN agents a ON a.id = j.agent_id WHERE j.id = $p0
            """, job);

        await SendAsync(HttpMethod.Post, $"/api/v1/alerts/{alert}/acknowledge", """{"comment": "on it"}""");
        await SendAsync(HttpMethod.Post, $"/api/v1/alerts/{alert}/resolve", "{}");
        var silence = await SendAsync(HttpMethod.Post, "/api/v1/silences", """{"customer": "Fabrikam", "rule": "job_failed", "endsAt": "2025-06-02T12:00:00Z", "comment": "moving racks"}""");
        await SendAsync(HttpMethod.Post, $"/api/v1/silences/{silence}/expire", "{}");
        var window = await SendAsync(HttpMethod.Post, "/api/v1/maintenance-windows",
            """{"customer": "Contoso Ltd", "site": "Head office", "startsAt": "2025-06-01T13:00:00Z", "endsAt": "2025-06-01T15:00:00Z", "comment": "patching"}""");
        await SendAsync(HttpMethod.Delete, $"/api/v1/maintenance-windows/{window}", null);
        await SendAsync(HttpMethod.Put, $"/api/v1/jobs/{job}/expectation", """{"interval": "1.00:00", "grace": "02:00"}""");
        await SendAsync(HttpMethod.Delete, $"/api/v1/jobs/{job}/expectation", null);
        await SendAsync(HttpMethod.Put, "/api/v1/coverage/exclusions", """{"customer": "Fabrikam", "site": "Branch", "itemId": "vm-7", "reason": "test VM"}""");
        await SendAsync(HttpMethod.Delete, "/api/v1/coverage/exclusions?customer=Fabrikam&site=Branch&itemId=vm-7", null);

        var rows = await AuditTable.ReadAsync(_collector);
        Assert.All(rows, r => Assert.Equal(("api-token:" + tokenId, "127.0.0.1"), (r.Actor, r.Address)));
        Assert.Equal(
        [
            ("alert.acknowledged", $"alert:{alert}", "Contoso Ltd", "comment: on it"),
            ("alert.resolved", $"alert:{alert}", "Contoso Ltd", ""),
            ("silence.created", $"silence:{silence}", "Fabrikam", "customer=Fabrikam, rule=job_failed; 2025-06-01 12:00 UTC to 2025-06-02 12:00 UTC; moving racks"),
            ("silence.expired", $"silence:{silence}", "Fabrikam", ""),
            ("maintenance-window.created", $"maintenance-window:{window}", "Contoso Ltd",
                "site Head office; 2025-06-01 13:00 UTC to 2025-06-01 15:00 UTC; patching"),
            ("maintenance-window.deleted", $"maintenance-window:{window}", "Contoso Ltd", "site Head office"),
            ("expectation.set", $"job:{job}", "Fabrikam", "interval 1.00:00, grace 02:00"),
            ("expectation.cleared", $"job:{job}", "Fabrikam", ""),
            ("coverage.excluded", "vm:Fabrikam/Branch/vm-7", "Fabrikam", "test VM"),
            ("coverage.included", "vm:Fabrikam/Branch/vm-7", (string?)"Fabrikam", ""),
        ], rows.Select(r => (r.Action, r.Target, r.Customer, r.Detail)).ToArray());
    }

    [Fact]
    public async Task Alert_work_windows_expectations_and_coverage_on_the_pages_are_each_one_row_of_their_customer()
    {
        await WebUsers.EnsureAsync(_collector.App.Services, WebUsers.AdminName);
        using var session = new FormSession(_collector.Endpoints.Web);
        using (await session.SignInAsync(WebUsers.AdminName, WebUsers.Password))
        {
        }

        var alert = (await AuditTable.AlertAsync(_collector, "Contoso Ltd")).ToString(CultureInfo.InvariantCulture);
        var job = await AuditTable.JobAsync(_collector, "Fabrikam");
        var site = (await AuditTable.SiteAsync(_collector, "Contoso Ltd")).ToString(CultureInfo.InvariantCulture);
        await AuditTable.ExecuteAsync(_collector, """
            INSERT INTO inventory_first_seen (site_id, item_id, first_seen)
            SELECT a.site_id, 'vm-9', 0 FROM jobs j JOIN agents a ON a.id = j.agent_id WHERE j.id = $p0
            """, job);
        var jobPage = $"/jobs/{job}";

        await PostAsync(session, "/account", "/alerts?handler=Acknowledge", ("id", alert), ("comment", "looking"));
        await PostAsync(session, "/account", "/alerts?handler=Silence", ("id", alert), ("period", "1h"), ("comment", "noisy"));
        await PostAsync(session, "/account", "/alerts?handler=Resolve", ("id", alert));
        await PostAsync(session, "/account", "/alerts/maintenance?handler=Create", ("site", site), ("kind", "once"),
            ("startsAt", "2025-06-01T13:00"), ("endsAt", "2025-06-01T14:00"), ("comment", "patching"));
        var window = (await AuditTable.ExecuteAsync(_collector, "SELECT max(id) FROM maintenance_windows")).ToString(CultureInfo.InvariantCulture);
        await PostAsync(session, "/account", "/alerts/maintenance?handler=Delete", ("id", window));
        await PostAsync(session, "/account", jobPage + "?handler=Expectation", ("Interval", "1.00:00"));
        await PostAsync(session, "/account", jobPage + "?handler=ClearExpectation");
        await PostAsync(session, "/account", "/coverage?handler=Exclude", ("vmCustomer", "Fabrikam"), ("vmSite", "Branch"), ("itemId", "vm-9"),
            ("reason", "lab"));
        await PostAsync(session, "/account", "/coverage?handler=Include", ("vmCustomer", "Fabrikam"), ("vmSite", "Branch"), ("itemId", "vm-9"));

        var rows = (await AuditTable.ReadAsync(_collector)).Skip(1).ToList();
        Assert.All(rows, r => Assert.Equal(("admin", "127.0.0.1"), (r.Actor, r.Address)));
        Assert.Equal(
        [
            ("alert.acknowledged", $"alert:{alert}", "Contoso Ltd"),
            ("silence.created", rows[1].Target, "Contoso Ltd"),
            ("alert.resolved", $"alert:{alert}", "Contoso Ltd"),
            ("maintenance-window.created", $"maintenance-window:{window}", "Contoso Ltd"),
            ("maintenance-window.deleted", $"maintenance-window:{window}", "Contoso Ltd"),
            ("expectation.set", $"job:{job}", "Fabrikam"),
            ("expectation.cleared", $"job:{job}", "Fabrikam"),
            ("coverage.excluded", "vm:Fabrikam/Branch/vm-9", "Fabrikam"),
            ("coverage.included", "vm:Fabrikam/Branch/vm-9", (string?)"Fabrikam"),
        ], rows.Select(r => (r.Action, r.Target, r.Customer)).ToArray());
        Assert.StartsWith("silence:", rows[1].Target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_audit_log_cannot_be_written_sign_ins_keep_their_outcome_and_the_action_is_logged_as_an_error()
    {
        await WebUsers.EnsureAsync(_collector.App.Services, WebUsers.AdminName);
        await AuditTable.ExecuteAsync(_collector, "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'refused'); END");
        _collector.Errors.Expected.Add((_, message) => message.StartsWith("Writing the audit log failed", StringComparison.Ordinal));
        using var session = new FormSession(_collector.Endpoints.Web);

        using var failed = await session.SignInAsync(WebUsers.AdminName, WrongPassword);
        using var succeeded = await session.SignInAsync(WebUsers.AdminName, WebUsers.Password);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Redirect), (failed.StatusCode, succeeded.StatusCode));
        Assert.Contains("Wrong user name or password", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Collection(_collector.Errors.ExpectedLogged,
            e => Assert.Contains("signin.failed by admin from 127.0.0.1 on user:admin", e, StringComparison.Ordinal),
            e => Assert.Contains("signin.succeeded by admin from 127.0.0.1 on user:admin", e, StringComparison.Ordinal));
        Assert.Empty(await AuditTable.ReadAsync(_collector));
    }

    private static async Task<string> PostAsync(FormSession session, string formPage, string path, params (string Name, string Value)[] fields)
    {
        using var response = await session.PostFormAsync(path, await session.TokenAsync(formPage), fields);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{path}: {response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Sends as the admin's API token; returns the id of what it created (0 when the answer has none).</summary>
    private async Task<long> SendAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await _collector.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return 0;
        }

        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return body.ValueKind == System.Text.Json.JsonValueKind.Object && body.TryGetProperty("id", out var id) ? id.GetInt64() : 0;
    }

    private static string Token(string page, Regex pattern) =>
        pattern.Match(page) is { Success: true } m ? m.Value : throw new InvalidOperationException("no token on the page");

    [GeneratedRegex("bhu_[A-Za-z0-9_-]{20,}")]
    private static partial Regex ApiTokenPattern();

    [GeneratedRegex("bha_[A-Za-z0-9_-]{20,}")]
    private static partial Regex AgentTokenPattern();
}
