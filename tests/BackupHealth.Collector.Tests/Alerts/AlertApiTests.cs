using System.Net;
using System.Text;
using System.Text.Json;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Testing;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Tests.Alerts;

public sealed class AlertApiTests : IAsyncLifetime
{
    private AlertTestHost _host = null!;
    private long _agent;
    private long _job;

    public async Task InitializeAsync()
    {
        _host = await AlertTestHost.StartAsync();
        _agent = _host.Seed.AddAgent(_host.Seed.SiteId("Contoso Ltd", "Head office"), "hv01", AlertFixture.Start);
        _job = _host.Seed.AddJob(_agent, "sql01", "SQL01 nightly");
        _host.Seed.AddRun(_job, "failed", AlertFixture.Start.AddHours(-1));
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _people.Values)
        {
            client.Dispose();
        }

        await _host.DisposeAsync();
    }

    private readonly Dictionary<string, HttpClient> _people = [];

    private async Task<HttpClient> AsAsync(string user, string role = Roles.Technician)
    {
        if (!_people.TryGetValue(user, out var client))
        {
            _people[user] = client = await WebUsers.ClientAsync(_host.App.Services, _host.Http.BaseAddress!, user, role);
        }

        return client;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json = null, string? user = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await (user is null ? _host.Http : await AsAsync(user)).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return (response.StatusCode, document.RootElement.Clone());
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    private Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string json = "{}", string? user = null) =>
        SendAsync(HttpMethod.Post, path, json, user);

    private async Task<long> FireAsync()
    {
        _host.JobFailed.Findings.Add(new Collector.Model.RuleFinding("job_failed", $"job:{_job}", Collector.Model.AlertSeverity.Critical,
            _host.Seed.SiteId("Contoso Ltd", "Head office"), _agent, _job, "SQL01 nightly failed", "newest run failed: access denied"));
        var (status, body) = await PostAsync("/api/v1/alerts/evaluate");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("opened").GetInt32());
        return (await GetAsync("/api/v1/alerts")).Body[0].GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Evaluate_then_list_shows_the_alert_with_every_field()
    {
        var id = await FireAsync();

        var (status, list) = await GetAsync("/api/v1/alerts");

        Assert.Equal(HttpStatusCode.OK, status);
        var a = Assert.Single(list.EnumerateArray());
        Assert.Equal(($"bh-{id}", "job_failed", $"job:{_job}", "critical", "firing"),
            (a.GetProperty("key").GetString(), a.GetProperty("rule").GetString(), a.GetProperty("subject").GetString(),
                a.GetProperty("severity").GetString(), a.GetProperty("state").GetString()));
        Assert.Equal(("SQL01 nightly failed", "newest run failed: access denied", "Contoso Ltd", "Head office", "hv01", _job, "SQL01 nightly"),
            (a.GetProperty("title").GetString(), a.GetProperty("detail").GetString(), a.GetProperty("customer").GetString(),
                a.GetProperty("site").GetString(), a.GetProperty("agentId").GetString(), a.GetProperty("jobId").GetInt64(),
                a.GetProperty("jobName").GetString()));
        Assert.Equal(("2025-06-07T12:00:00Z", "2025-06-07T12:00:00Z", false), (a.GetProperty("firedAt").GetString(),
            a.GetProperty("lastSeenAt").GetString(), a.GetProperty("muted").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, a.GetProperty("heldBy").ValueKind);
        Assert.Equal(JsonValueKind.Null, a.GetProperty("acknowledgedAt").ValueKind);
        Assert.Equal(a.ToString(), (await GetAsync($"/api/v1/alerts/{id}")).Body.ToString());
        Assert.Equal([(id, "fired")], _host.NotifiedChanges());
    }

    [Fact]
    public async Task A_fired_then_resolved_alert_reaches_a_webhook_under_one_stable_key()
    {
        var id = await FireAsync();
        _host.JobFailed.Findings.Clear();
        _host.Time.Advance(TimeSpan.FromSeconds(30));
        await PostAsync("/api/v1/alerts/evaluate");

        await Poll.UntilAsync(() => _host.Receiver.Accepted.Count == 2, "the webhook received the fired and the resolved notification");
        var told = _host.Receiver.Accepted
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("alerts")[0])
            .Select(a => (a.GetProperty("key").GetString(), a.GetProperty("change").GetString(), a.GetProperty("state").GetString()))
            .ToList();
        Assert.Equal([($"bh-{id}", "fired", "firing"), ($"bh-{id}", "resolved", "resolved")], told);
    }

    [Theory]
    [InlineData("?state=open", 1)]
    [InlineData("?state=firing", 1)]
    [InlineData("?state=resolved", 0)]
    [InlineData("?customer=Contoso%20Ltd&site=Head%20office", 1)]
    [InlineData("?customer=Fabrikam", 0)]
    [InlineData("?rule=job_failed&severity=critical", 1)]
    [InlineData("?severity=warning", 0)]
    [InlineData("?rule=job_missed", 0)]
    public async Task List_filters_by_state_customer_site_rule_and_severity(string query, int count)
    {
        await FireAsync();

        var (status, list) = await GetAsync("/api/v1/alerts" + query);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(count, list.GetArrayLength());
    }

    [Theory]
    [InlineData("?state=broken", "state must be one of firing, acknowledged, resolved, open")]
    [InlineData("?severity=info", "severity must be warning or critical")]
    [InlineData("?limit=0", "limit must be between 1 and 1000")]
    public async Task Bad_filters_are_refused_with_the_reason(string query, string reason)
    {
        var (status, body) = await GetAsync("/api/v1/alerts" + query);

        Assert.Equal((HttpStatusCode.BadRequest, reason), (status, body.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Acknowledge_then_resolve_records_who_and_why_and_refuses_what_no_longer_applies()
    {
        var id = await FireAsync();

        // Who acted is the signed-in user; a name in the body is not believed.
        var (ackStatus, acked) = await PostAsync($"/api/v1/alerts/{id}/acknowledge", """{"by": "mallory", "comment": "on it"}""", user: "alice");
        Assert.Equal(HttpStatusCode.OK, ackStatus);
        Assert.Equal(("acknowledged", "alice", "on it", "2025-06-07T12:00:00Z"), (acked.GetProperty("state").GetString(),
            acked.GetProperty("acknowledgedBy").GetString(), acked.GetProperty("ackComment").GetString(), acked.GetProperty("acknowledgedAt").GetString()));

        var (againStatus, again) = await PostAsync($"/api/v1/alerts/{id}/acknowledge", "{}", user: "bob");
        Assert.Equal((HttpStatusCode.Conflict, $"alert {id} is already acknowledged by alice"), (againStatus, again.GetProperty("detail").GetString()));

        _host.Time.Advance(TimeSpan.FromMinutes(5));
        var (resolveStatus, resolved) = await PostAsync($"/api/v1/alerts/{id}/resolve", """{"comment": "restored permissions"}""", user: "bob");
        Assert.Equal(HttpStatusCode.OK, resolveStatus);
        Assert.Equal(("resolved", "bob", "restored permissions", "2025-06-07T12:05:00Z"), (resolved.GetProperty("state").GetString(),
            resolved.GetProperty("resolvedBy").GetString(), resolved.GetProperty("resolvedComment").GetString(), resolved.GetProperty("resolvedAt").GetString()));

        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync($"/api/v1/alerts/{id}/resolve", "{}", user: "bob")).Status);
        var (lateAck, lateBody) = await PostAsync($"/api/v1/alerts/{id}/acknowledge", "{}", user: "carol");
        Assert.Equal((HttpStatusCode.Conflict, $"alert {id} is resolved"), (lateAck, lateBody.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Acting_on_an_alert_needs_the_role_and_an_alert_that_exists()
    {
        var id = await FireAsync();

        await WebUsers.EnsureAsync(_host.App.Services, "victor", Roles.Viewer);
        foreach (var action in new[] { "acknowledge", "resolve" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync($"/api/v1/alerts/{id}/{action}", "{}", user: "victor")).Status);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync("/api/v1/silences", """{"rule": "job_failed", "endsAt": "2025-06-07T14:00:00Z", "comment": "c"}""", user: "victor")).Status);
        using (var anonymous = BackupHealth.Testing.TestTls.Client(_host.Http.BaseAddress))
        using (var response = await anonymous.PostAsync(new Uri($"/api/v1/alerts/{id}/acknowledge", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/api/v1/alerts/9999/acknowledge", "{}", user: "alice")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/api/v1/alerts/9999")).Status);
        Assert.Equal("firing", (await GetAsync($"/api/v1/alerts/{id}")).Body.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_silence_created_over_http_mutes_the_alert_and_expiring_it_releases_it()
    {
        var (created, silence) = await PostAsync("/api/v1/silences", """
            {"job": "sql01", "endsAt": "2025-06-07T14:00:00Z", "comment": "restore test tonight"}
            """, user: "carol");
        Assert.Equal(HttpStatusCode.Created, created);
        var silenceId = silence.GetProperty("id").GetInt64();
        Assert.Equal(("sql01", "active", "2025-06-07T12:00:00Z", "2025-06-07T14:00:00Z", "carol"), (silence.GetProperty("job").GetString(),
            silence.GetProperty("state").GetString(), silence.GetProperty("startsAt").GetString(), silence.GetProperty("endsAt").GetString(),
            silence.GetProperty("createdBy").GetString()));

        var alertId = await FireAsync();
        Assert.True((await GetAsync("/api/v1/alerts?state=firing")).Body[0].GetProperty("muted").GetBoolean());
        Assert.Empty(_host.NotifiedChanges());

        _host.Time.Advance(TimeSpan.FromMinutes(10));
        var (expired, ended) = await PostAsync($"/api/v1/silences/{silenceId}/expire");
        Assert.Equal((HttpStatusCode.OK, "expired", "2025-06-07T12:10:00Z"), (expired, ended.GetProperty("state").GetString(), ended.GetProperty("endsAt").GetString()));
        await PostAsync("/api/v1/alerts/evaluate");

        Assert.Equal([(alertId, "released")], _host.NotifiedChanges());
        Assert.Equal([silenceId], (await GetAsync("/api/v1/silences")).Body.EnumerateArray().Select(s => s.GetProperty("id").GetInt64()));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("/api/v1/silences/9999/expire")).Status);
    }

    [Theory]
    [InlineData("""{"endsAt": "2025-06-07T14:00:00Z", "comment": "c", "by": "b"}""", "the matcher is empty: set at least one of customer, site, agent, job, rule")]
    [InlineData("""{"rule": "job_failed", "startsAt": "2025-06-07T15:00:00Z", "endsAt": "2025-06-07T14:00:00Z", "comment": "c", "by": "b"}""", "endsAt must be after startsAt")]
    [InlineData("""{"rule": "job_failed", "startsAt": "2025-06-07T10:00:00Z", "endsAt": "2025-06-07T11:00:00Z", "comment": "c", "by": "b"}""", "endsAt is in the past")]
    [InlineData("""{"rule": "job_failed", "comment": "c", "by": "b"}""", "endsAt is required")]
    [InlineData("""{"rule": "job_failed", "endsAt": "2025-06-07T14:00:00Z", "by": "b"}""", "comment is required")]
    public async Task Silence_requests_that_cannot_work_are_refused_with_the_reason(string json, string reason)
    {
        var (status, body) = await PostAsync("/api/v1/silences", json);

        Assert.Equal((HttpStatusCode.BadRequest, reason), (status, body.GetProperty("detail").GetString()));
        Assert.Equal(0, (await GetAsync("/api/v1/silences")).Body.GetArrayLength());
    }

    [Fact]
    public async Task Maintenance_windows_are_created_listed_and_deleted()
    {
        var (recurringStatus, recurring) = await PostAsync("/api/v1/maintenance-windows", """
            {"customer": "Contoso Ltd", "site": "Head office", "days": ["sun", "sat"], "start": "22:00", "duration": "04:00",
             "timeZone": "Europe/Amsterdam", "comment": "hypervisor patching", "by": "dave"}
            """);
        var (onceStatus, once) = await PostAsync("/api/v1/maintenance-windows", """
            {"customer": "Fabrikam", "site": "Branch", "startsAt": "2025-06-07T11:00:00Z", "endsAt": "2025-06-07T13:00:00Z", "by": "dave"}
            """);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (recurringStatus, onceStatus));
        Assert.Equal(("sat,sun", "22:00", "04:00", "Europe/Amsterdam", false), (
            string.Join(',', recurring.GetProperty("days").EnumerateArray().Select(d => d.GetString())), recurring.GetProperty("start").GetString(),
            recurring.GetProperty("duration").GetString(), recurring.GetProperty("timeZone").GetString(), recurring.GetProperty("active").GetBoolean()));
        Assert.Equal(("Fabrikam", "Branch", "2025-06-07T11:00:00Z", true, JsonValueKind.Null), (once.GetProperty("customer").GetString(),
            once.GetProperty("site").GetString(), once.GetProperty("startsAt").GetString(), once.GetProperty("active").GetBoolean(),
            once.GetProperty("days").ValueKind));

        var listed = (await GetAsync("/api/v1/maintenance-windows")).Body.EnumerateArray().Select(w => w.GetProperty("id").GetInt64()).ToList();
        Assert.Equal([once.GetProperty("id").GetInt64(), recurring.GetProperty("id").GetInt64()], listed);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/api/v1/maintenance-windows/{listed[0]}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/api/v1/maintenance-windows/{listed[0]}")).Status);
        Assert.Equal(1, (await GetAsync("/api/v1/maintenance-windows")).Body.GetArrayLength());
    }

    [Theory]
    [InlineData("\"days\": [\"weekend\"], \"start\": \"22:00\", \"duration\": \"04:00\", \"timeZone\": \"UTC\"", "unknown day 'weekend': use mon, tue, wed, thu, fri, sat, sun or daily")]
    [InlineData("\"days\": 5, \"start\": \"22:00\", \"duration\": \"04:00\", \"timeZone\": \"UTC\"", "days must be \"daily\" or a list of day names such as [\"sat\", \"sun\"]")]
    [InlineData("\"days\": \"daily\", \"start\": \"25:00\", \"duration\": \"04:00\", \"timeZone\": \"UTC\"", "start must be a time of day HH:mm, e.g. 22:00")]
    [InlineData("\"days\": \"daily\", \"start\": \"22:00\", \"duration\": \"00:00\", \"timeZone\": \"UTC\"", "duration must be hh:mm (or d.hh:mm), more than zero and at most 7 days, e.g. 04:00")]
    [InlineData("\"days\": \"daily\", \"start\": \"22:00\", \"duration\": \"04:00\", \"timeZone\": \"Mars/Olympus\"", "timeZone 'Mars/Olympus' is not a known time zone: use an IANA id such as Europe/Amsterdam")]
    [InlineData("\"days\": \"daily\", \"startsAt\": \"2025-06-07T13:00:00Z\", \"endsAt\": \"2025-06-07T14:00:00Z\"", "give either days, start, duration and timeZone (recurring) or startsAt and endsAt (once)")]
    [InlineData("\"startsAt\": \"2025-06-07T13:00:00Z\", \"endsAt\": \"2025-06-07T12:30:00Z\"", "endsAt must be after startsAt")]
    public async Task Maintenance_window_requests_that_cannot_work_are_refused_with_the_reason(string fields, string reason)
    {
        var (status, body) = await PostAsync("/api/v1/maintenance-windows", $$"""{"customer": "Contoso Ltd", "site": "Head office", "by": "dave", {{fields}}}""");

        Assert.Equal((HttpStatusCode.BadRequest, reason), (status, body.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task A_window_for_an_unknown_site_is_refused_naming_it()
    {
        var (status, body) = await PostAsync("/api/v1/maintenance-windows", """
            {"customer": "Contoso Ltd", "site": "Warehouse", "days": "daily", "start": "22:00", "duration": "01:00", "timeZone": "UTC", "by": "dave"}
            """);

        Assert.Equal((HttpStatusCode.BadRequest, "there is no site 'Warehouse' of customer 'Contoso Ltd'"), (status, body.GetProperty("detail").GetString()));
    }
}

public sealed class AlertOptionsTests
{
    [Theory]
    [InlineData("Collector:Alerts:EvaluationInterval", "00:00:00")]
    [InlineData("Collector:Alerts:RepeatInterval", "00:00:10")]
    public async Task A_bad_alert_setting_stops_the_collector_naming_the_setting(string key, string value)
    {
        using var data = new TempDirectory("bh-alerts-options");
        var (app, _, _, _) = AlertTestHost.Build(data, settings => settings[key] = value);
        await using (app)
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            Assert.StartsWith(key + ": ", Assert.Single(error.Failures), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Defaults_are_thirty_seconds_and_four_hours()
    {
        var options = new Collector.Alerts.AlertOptions();

        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromHours(4)), (options.EvaluationInterval, options.RepeatInterval));
    }
}
