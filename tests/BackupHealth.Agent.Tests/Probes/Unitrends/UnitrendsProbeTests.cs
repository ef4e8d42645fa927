using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Probes.Unitrends;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using BackupHealth.VendorFakes.Unitrends;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Probes.Unitrends;

public sealed class UnitrendsProbeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 6, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly TestLogging _logging = new();
    private readonly ProbeStateStores _stores = ProbeStateStores.InMemory();
    private readonly List<UnitrendsProbe> _probes = [];
    private UnitrendsFake _appliance = null!;

    public async Task InitializeAsync()
    {
        _appliance = await UnitrendsFake.StartAsync();
        _appliance.AddJobOrders(
            new UnitrendsFakeJobOrder { Id = 7, Name = "Nightly SQL", LastStatus = "Failed" },
            new UnitrendsFakeJobOrder { Id = 9, Name = "Old file server", Status = "Inactive", LastStatus = "Never" });
    }

    public async Task DisposeAsync()
    {
        foreach (var probe in _probes)
        {
            probe.Dispose();
        }

        await _appliance.DisposeAsync();
        _logging.Dispose();
    }

    private UnitrendsProbeOptions Options(Action<UnitrendsProbeOptions>? configure = null)
    {
        var options = new UnitrendsProbeOptions
        {
            Name = "ueb",
            Type = "unitrends",
            Url = _appliance.BaseAddress.ToString(),
            Username = _appliance.Username,
            Password = _appliance.Password,
            CertificateThumbprint = _appliance.CertificateSha256,
        };
        configure?.Invoke(options);
        return options;
    }

    private UnitrendsProbe Probe(UnitrendsProbeOptions? options = null)
    {
        options ??= Options();
        var probe = new UnitrendsProbe(options, _time, _stores.For(options.Name), _logging.For<UnitrendsProbe>());
        _probes.Add(probe);
        return probe;
    }

    private static UnitrendsFakeRun Run(string status, TimeSpan ago, long backupId, string job = "Nightly SQL") =>
        UnitrendsFakeRun.Finished(job, status, Now - ago, backupId, client: "sql01");

    [Fact]
    public async Task Logs_in_once_and_reports_each_finished_run_under_its_job_order_id()
    {
        _appliance.AddHistory(Run("Success", TimeSpan.FromHours(5), 101), Run("Failed", TimeSpan.FromHours(29), 100) with { Mode = "Full" });
        var probe = Probe();

        var result = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Equal(1, _appliance.LoginCount);
        Assert.Equal(2, result.Observations.Count);
        var success = result.Observations.Single(o => o.Attributes["backup_id"] == "101");
        Assert.Equal(RunStatus.Success, success.Status);
        Assert.Equal("unitrends", success.SourceKind);
        Assert.Equal("ueb/7", success.JobKey);
        Assert.Equal("Nightly SQL", success.JobName);
        Assert.Equal("sql01", success.ProtectedObject);
        Assert.Equal("ueb", success.ProbeName);
        Assert.Equal(Now - TimeSpan.FromHours(5), success.StartTime.ToDateTimeOffset());
        Assert.Equal(success.StartTime, success.EndTime);
        Assert.Equal("Success", success.Attributes["vendor_status"]);
        Assert.Equal("Incremental", success.Attributes["mode"]);
        Assert.Equal("incremental", success.Attributes["backup_type"]);
        Assert.Equal("full", result.Observations.Single(o => o.Attributes["backup_id"] == "100").Attributes["backup_type"]);
        Assert.All(result.Observations, o => Assert.Null(ObservationValidator.Validate(o, Now, TimeSpan.FromMinutes(10))));
    }

    [Theory]
    [InlineData("Success", RunStatus.Success)]
    [InlineData("Warning", RunStatus.Warning)]
    [InlineData("Warnings", RunStatus.Warning)]
    [InlineData("Completed with warnings", RunStatus.Warning)]
    [InlineData("Failed", RunStatus.Failed)]
    [InlineData("Cancelled", RunStatus.Failed)]
    [InlineData("Partially Successful", RunStatus.Failed)]
    [InlineData("Quantum Flux 42", RunStatus.Failed)]
    public async Task Anything_but_Success_is_not_a_success_and_the_vendor_text_is_kept(string status, RunStatus expected)
    {
        _appliance.AddHistory(Run(status, TimeSpan.FromHours(2), 5) with { Message = "details from the appliance" });

        var run = Assert.Single((await Probe().RunAsync(CancellationToken.None)).Observations);

        Assert.Equal(expected, run.Status);
        Assert.Equal(status, run.Attributes["vendor_status"]);
        if (expected != RunStatus.Success)
        {
            Assert.Equal($"{status}: details from the appliance", run.Message);
        }
    }

    [Fact]
    public async Task Duration_and_size_give_each_run_its_end_and_its_bytes()
    {
        var start = Now - TimeSpan.FromHours(5);
        _appliance.AddHistory(
            UnitrendsFakeRun.Finished("Nightly SQL", "Success", start, 201) with { Duration = "01:02:03", Size = 2048 },
            UnitrendsFakeRun.Finished("Nightly SQL", "Success", start - TimeSpan.FromDays(1), 200) with { Duration = 754, Size = "1.5 GB" });

        var result = await Probe().RunAsync(CancellationToken.None);

        var newest = result.Observations.Single(o => o.Attributes["backup_id"] == "201");
        Assert.Equal(start + new TimeSpan(1, 2, 3), newest.EndTime.ToDateTimeOffset());
        Assert.Equal(2048L * 1024 * 1024, newest.SizeBytes);
        var older = result.Observations.Single(o => o.Attributes["backup_id"] == "200");
        Assert.Equal(TimeSpan.FromSeconds(754), older.EndTime.ToDateTimeOffset() - older.StartTime.ToDateTimeOffset());
        Assert.Equal(1536L * 1024 * 1024, older.SizeBytes);
        Assert.Equal(("754", "1.5 GB"), (older.Attributes["duration"], older.Attributes["size"]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("00:00:00")]
    [InlineData("soon")]
    public async Task A_run_without_a_readable_duration_keeps_an_unknown_duration_and_size(string? duration)
    {
        var start = Now - TimeSpan.FromHours(5);
        _appliance.AddHistory(UnitrendsFakeRun.Finished("Nightly SQL", "Success", start, 301) with { Duration = duration, Size = duration });

        var run = Assert.Single((await Probe().RunAsync(CancellationToken.None)).Observations);

        Assert.Equal(start, run.EndTime.ToDateTimeOffset());
        Assert.Equal(0, run.SizeBytes);
    }

    [Fact]
    public async Task A_history_row_still_in_progress_is_not_judged_yet()
    {
        _appliance.AddHistory(Run("Active", TimeSpan.FromMinutes(20), 5), Run("Queued", TimeSpan.FromMinutes(10), 6));

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Empty(result.Observations);
    }

    [Fact]
    public async Task Pages_through_the_history_until_an_empty_page()
    {
        _appliance.AddHistory(Enumerable.Range(1, 7).Select(i => Run("Success", TimeSpan.FromHours(i), i)).ToArray());

        var result = await Probe(Options(o => o.PageSize = 3)).RunAsync(CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, 7).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            result.Observations.Select(o => o.Attributes["backup_id"]).Order(StringComparer.Ordinal));
        var pages = _appliance.Requests.Where(r => r.StartsWith("GET /api/jobs/history", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, pages.Count);
        Assert.Contains("limit=3&offset=0", pages[0], StringComparison.Ordinal);
        Assert.Contains("limit=3&offset=6", pages[2], StringComparison.Ordinal);
        Assert.Contains("showFlat=true", pages[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_appliance_that_caps_pages_below_the_limit_is_still_read_to_the_end()
    {
        _appliance.MaxPageSize = 2;
        _appliance.AddHistory(Enumerable.Range(1, 5).Select(i => Run("Success", TimeSpan.FromHours(i), i)).ToArray());

        var result = await Probe(Options(o => o.PageSize = 10)).RunAsync(CancellationToken.None);

        Assert.Equal(5, result.Observations.Count);
    }

    [Fact]
    public async Task An_appliance_that_ignores_paging_is_read_once_without_looping()
    {
        _appliance.IgnorePaging = true;
        _appliance.AddHistory(Enumerable.Range(1, 5).Select(i => Run("Success", TimeSpan.FromHours(i), i)).ToArray());

        var result = await Probe(Options(o => o.PageSize = 2)).RunAsync(CancellationToken.None);

        Assert.Equal(5, result.Observations.Count);
        Assert.Single(_appliance.Requests, r => r.StartsWith("GET /api/jobs/history", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Total_ends_the_read_without_an_extra_request()
    {
        _appliance.SendTotal = true;
        _appliance.AddHistory(Enumerable.Range(1, 4).Select(i => Run("Success", TimeSpan.FromHours(i), i)).ToArray());

        var result = await Probe(Options(o => o.PageSize = 2)).RunAsync(CancellationToken.None);

        Assert.Equal(4, result.Observations.Count);
        Assert.Equal(2, _appliance.Requests.Count(r => r.StartsWith("GET /api/jobs/history", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Next_cycle_reports_only_new_runs_also_after_a_restart()
    {
        _appliance.AddHistory(Run("Success", TimeSpan.FromHours(26), 1), Run("Failed", TimeSpan.FromHours(2), 2));
        var first = await Probe().RunAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));
        _appliance.AddHistory(Run("Success", TimeSpan.FromMinutes(30), 3));

        var second = await Probe().RunAsync(CancellationToken.None);
        var afterRestart = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(2, first.Observations.Count);
        Assert.Equal("3", Assert.Single(second.Observations).Attributes["backup_id"]);
        Assert.Empty(afterRestart.Observations);
        var start = _appliance.Requests.Last(r => r.StartsWith("GET /api/jobs/history", StringComparison.Ordinal));
        Assert.Contains("start_date=2026-03-07", start, StringComparison.Ordinal); // newest seen 03-10 04:00 − 36 h − 1 day
    }

    [Fact]
    public async Task A_long_run_that_started_before_the_newest_reported_run_is_reported_when_it_appears()
    {
        _appliance.AddHistory(Run("Success", TimeSpan.FromHours(1), 2, job: "Quick"));
        await Probe().RunAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(3));
        _appliance.AddHistory(Run("Failed", TimeSpan.FromHours(6), 1, job: "Long"));

        var next = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal("1", Assert.Single(next.Observations).Attributes["backup_id"]);
    }

    [Fact]
    public async Task First_run_reads_back_only_Lookback()
    {
        _appliance.AddHistory(Run("Success", TimeSpan.FromDays(3), 1), Run("Success", TimeSpan.FromHours(20), 2));

        var result = await Probe(Options(o => o.Lookback = TimeSpan.FromDays(1))).RunAsync(CancellationToken.None);

        Assert.Equal("2", Assert.Single(result.Observations).Attributes["backup_id"]);
    }

    [Fact]
    public async Task Epoch_start_wins_over_the_display_text()
    {
        _appliance.AddHistory(Run("Success", TimeSpan.FromHours(3), 1) with { StartTime = "01/01/2026 11:00:00 PM" });

        var run = Assert.Single((await Probe().RunAsync(CancellationToken.None)).Observations);

        Assert.Equal(Now - TimeSpan.FromHours(3), run.StartTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task Text_times_are_turned_to_UTC_by_their_offset_or_the_configured_time_zone()
    {
        _appliance.AddHistory(
            new UnitrendsFakeRun { Name = "Nightly SQL", Status = "Success", BackupId = 1, StartTime = "2026-03-10T03:30:00+02:00" },
            new UnitrendsFakeRun { Name = "Nightly SQL", Status = "Success", BackupId = 2, StartTime = "03/10/2026 02:15:00 AM" },
            new UnitrendsFakeRun { Name = "Nightly SQL", Status = "Success", BackupId = 3, StartTime = "not a time" });

        var result = await Probe(Options(o => o.TimeZone = "Europe/Berlin")).RunAsync(CancellationToken.None);

        var byId = result.Observations.ToDictionary(o => o.Attributes["backup_id"], o => o.StartTime.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 1, 30, 0, TimeSpan.Zero), byId["1"]);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 1, 15, 0, TimeSpan.Zero), byId["2"]); // CET = UTC+1 in March before DST
        Assert.False(byId.ContainsKey("3"));
    }

    [Fact]
    public async Task Active_jobs_are_running_with_their_progress_and_keep_their_id()
    {
        _appliance.AddActive(new UnitrendsFakeActiveJob
        {
            Id = "4711", Name = "Nightly SQL", PercentComplete = 42, ClientName = "sql01", SortStartTime = (Now - TimeSpan.FromMinutes(30)).ToUnixTimeSeconds(),
        });

        var first = Assert.Single((await Probe().RunAsync(CancellationToken.None)).Observations);
        _time.Advance(TimeSpan.FromMinutes(5));
        var again = Assert.Single((await Probe().RunAsync(CancellationToken.None)).Observations);

        Assert.Equal(RunStatus.Running, first.Status);
        Assert.Equal("ueb/7", first.JobKey);
        Assert.Equal("42", first.Attributes["percent_complete"]);
        Assert.Null(first.EndTime);
        Assert.Equal(Now - TimeSpan.FromMinutes(30), first.StartTime.ToDateTimeOffset());
        Assert.Equal(first.Id, again.Id);
        Assert.Null(ObservationValidator.Validate(first, Now, TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public async Task An_active_job_and_its_history_row_are_one_run_for_the_collector()
    {
        var start = Now - TimeSpan.FromMinutes(30);
        _appliance.AddActive(new UnitrendsFakeActiveJob
        {
            Id = "4711", Name = "Nightly SQL", PercentComplete = 42, ClientName = "sql01", AssetName = "sql01", SortStartTime = start.ToUnixTimeSeconds(),
        });
        var running = Assert.Single((await Probe().RunAsync(CancellationToken.None)).Observations);

        _appliance.ClearActive();
        _appliance.AddHistory(UnitrendsFakeRun.Finished("Nightly SQL", "Failed", start, 900, client: "sql01"));
        _appliance.AddHistory(UnitrendsFakeRun.Finished("Nightly SQL", "Success", start - TimeSpan.FromDays(1), 899, client: "sql01"));
        _time.Advance(TimeSpan.FromMinutes(5));
        var finished = (await Probe().RunAsync(CancellationToken.None)).Observations;

        var sameRun = Assert.Single(finished, o => o.Status == RunStatus.Failed);
        Assert.NotEqual(running.Id, sameRun.Id);
        Assert.Equal(running.RunId, sameRun.RunId);
        Assert.NotEqual(running.RunId, Assert.Single(finished, o => o.Status == RunStatus.Success).RunId);
    }

    [Fact]
    public async Task Job_orders_are_listed_and_an_inactive_one_is_disabled()
    {
        var result = await Probe().RunAsync(CancellationToken.None);

        var jobs = result.Jobs!.ToDictionary(j => j.JobName);
        Assert.True(jobs["Nightly SQL"].Enabled);
        Assert.Equal("ueb/7", jobs["Nightly SQL"].JobKey);
        Assert.Equal("Failed", jobs["Nightly SQL"].Attributes["last_status"]);
        Assert.False(jobs["Old file server"].Enabled);
        Assert.Equal("Inactive", jobs["Old file server"].Attributes["vendor_status"]);
        Assert.All(result.Jobs!, j => Assert.Equal("unitrends", j.SourceKind));
    }

    [Fact]
    public async Task A_run_of_a_job_without_job_order_is_keyed_by_name()
    {
        _appliance.AddHistory(Run("Success", TimeSpan.FromHours(1), 1, job: "Ad hoc"));

        var run = Assert.Single((await Probe().RunAsync(CancellationToken.None)).Observations);

        Assert.Equal("ueb/name:Ad hoc", run.JobKey);
    }

    [Fact]
    public async Task An_expired_token_is_renewed_and_the_run_still_succeeds()
    {
        _appliance.AddHistory(Run("Success", TimeSpan.FromHours(1), 1));
        var probe = Probe();
        await probe.RunAsync(CancellationToken.None);
        _appliance.ExpireTokensNow();
        _appliance.AddHistory(Run("Failed", TimeSpan.FromMinutes(10), 2));

        var result = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Equal("2", Assert.Single(result.Observations).Attributes["backup_id"]);
        Assert.Equal(2, _appliance.LoginCount);
    }

    [Fact]
    public async Task The_login_body_is_sent_with_a_content_length()
    {
        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        var login = Assert.Single(_appliance.Server.Framing, r => r.Method == "POST");
        Assert.Equal("/api/login", login.Path);
        Assert.True(login.ContentLength > 0 && !login.Chunked, login.ToString());
        Assert.All(_appliance.Server.Framing, r => Assert.False(r.Chunked, r.ToString()));
    }

    [Fact]
    public async Task The_stand_in_refuses_a_chunked_login_with_411()
    {
        using var response = await _appliance.Server.PostChunkedAsync("api/login", $$"""{"username":"{{_appliance.Username}}","password":"{{_appliance.Password}}"}""");

        Assert.Equal(411, (int)response.StatusCode);
        Assert.Equal(0, _appliance.LoginCount);
    }

    [Fact]
    public async Task A_refused_login_is_a_probe_error_naming_the_user()
    {
        var result = await Probe(Options(o => o.Password = "wrong")).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains("login as backuphealth refused (HTTP 401)", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_password_can_come_from_a_file()
    {
        using var folder = new BackupHealth.Testing.TempDirectory("ueb-secret");
        var file = folder.Combine("password");
        await File.WriteAllTextAsync(file, _appliance.Password + "\n");

        var result = await Probe(Options(o => (o.Password, o.PasswordFile) = ("", file))).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
    }

    [Fact]
    public async Task Server_down_is_a_probe_error_not_a_crash()
    {
        var probe = Probe();
        await _appliance.StopAsync();

        var result = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains($"cannot reach Unitrends appliance {_appliance.BaseAddress}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_pin_or_no_pin_refuses_the_self_signed_certificate()
    {
        var wrongPin = await Probe(Options(o => o.CertificateThumbprint = new string('A', 64))).RunAsync(CancellationToken.None);
        var noPin = await Probe(Options(o => (o.Name, o.CertificateThumbprint) = ("ueb2", ""))).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, wrongPin.State);
        Assert.Contains("does not match CertificateThumbprint", wrongPin.Message, StringComparison.Ordinal);
        Assert.Equal(ProbeState.Error, noPin.State);
        Assert.Contains("set CertificateThumbprint", noPin.Message, StringComparison.Ordinal);
        Assert.Equal(0, _appliance.LoginCount);
    }
}
