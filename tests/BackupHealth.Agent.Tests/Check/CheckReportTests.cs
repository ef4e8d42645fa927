using BackupHealth.Agent.Check;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Agent.Tests.Check;

public sealed class CheckReportTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A probe with one job per status, each with a single run.</summary>
    private static CheckedProbe Probe(string name, params RunStatus[] statuses) =>
        new(name, "files", ProbeResult.Ok(statuses.Select((s, i) => Run(name, $"{name}{i}", Now, s)).ToList()));

    private static CheckedProbe Probe(string name, params Observation[] observations) => new(name, "files", ProbeResult.Ok(observations));

    private static CheckedProbe Broken(string name) => new(name, "files", ProbeResult.Error("folder gone"));

    private static Observation Run(string probe, string jobKey, DateTimeOffset at, RunStatus status)
    {
        var observation = TestObservations.Valid($"{jobKey}-{at.Ticks}-{status}", at, status, probe);
        observation.JobKey = jobKey;
        observation.JobName = jobKey;
        return observation;
    }

    [Fact]
    public void All_success_is_OK()
    {
        var report = new CheckReport([Probe("a", RunStatus.Success, RunStatus.Success)]);

        Assert.Equal(0, report.ExitCode);
        Assert.Equal("BACKUPHEALTH OK - 2 ok | failed=0 warning=0 error=0 ok=2", report.Summary);
    }

    [Fact]
    public void Any_warning_is_WARNING()
    {
        var report = new CheckReport([Probe("a", RunStatus.Success, RunStatus.Warning)]);

        Assert.Equal(1, report.ExitCode);
        Assert.Equal("BACKUPHEALTH WARNING - 1 warning, 1 ok | failed=0 warning=1 error=0 ok=1", report.Summary);
    }

    [Fact]
    public void Any_failure_is_CRITICAL_even_with_probe_errors()
    {
        var report = new CheckReport([Probe("a", RunStatus.Failed, RunStatus.Success, RunStatus.Success, RunStatus.Success), Broken("b")]);

        Assert.Equal(2, report.ExitCode);
        Assert.Equal("BACKUPHEALTH CRITICAL - 1 failed, 1 probe error, 3 ok | failed=1 warning=0 error=1 ok=3", report.Summary);
    }

    [Fact]
    public void Probe_error_without_failures_is_UNKNOWN_even_with_warnings()
    {
        var report = new CheckReport([Probe("a", RunStatus.Warning), Broken("b")]);

        Assert.Equal(3, report.ExitCode);
        Assert.StartsWith("BACKUPHEALTH UNKNOWN - 1 warning, 1 probe error |", report.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void No_probes_is_UNKNOWN()
    {
        var report = new CheckReport([]);

        Assert.Equal(3, report.ExitCode);
        Assert.Equal("BACKUPHEALTH UNKNOWN - no probes configured | failed=0 warning=0 error=0 ok=0", report.Summary);
    }

    [Fact]
    public void A_probe_that_saw_no_backups_is_OK_and_says_so()
    {
        var report = new CheckReport([Probe("a", Array.Empty<Observation>())]);

        Assert.Equal(0, report.ExitCode);
        Assert.Equal("BACKUPHEALTH OK - no backups seen | failed=0 warning=0 error=0 ok=0", report.Summary);
        Assert.Empty(report.Jobs);
    }

    [Fact]
    public void An_old_failure_followed_by_a_newer_success_is_OK()
    {
        var report = new CheckReport([Probe("a",
            Run("a", "nightly", Now.AddDays(-5), RunStatus.Failed),
            Run("a", "nightly", Now, RunStatus.Success),
            Run("a", "nightly", Now.AddDays(-1), RunStatus.Success))]);

        Assert.Equal(0, report.ExitCode);
        Assert.Equal("BACKUPHEALTH OK - 1 ok | failed=0 warning=0 error=0 ok=1", report.Summary);
        var job = Assert.Single(report.Jobs);
        Assert.Equal(RunStatus.Success, job.Current.Status);
        Assert.Equal(Now, job.Time);
        Assert.Equal(3, job.Runs);
    }

    [Fact]
    public void A_newer_failure_after_an_old_success_is_CRITICAL()
    {
        var report = new CheckReport([Probe("a",
            Run("a", "nightly", Now, RunStatus.Failed),
            Run("a", "nightly", Now.AddDays(-1), RunStatus.Success))]);

        Assert.Equal(2, report.ExitCode);
        Assert.Equal("BACKUPHEALTH CRITICAL - 1 failed | failed=1 warning=0 error=0 ok=0", report.Summary);
    }

    [Fact]
    public void Stale_verdict_dated_at_the_newest_file_wins_over_that_files_success()
    {
        // The files probe's shape: the staleness verdict carries the newest file's time and comes after it.
        var newestFile = Run("a", "a", Now.AddDays(-3), RunStatus.Success);
        var stale = Run("a", "a", Now.AddDays(-3), RunStatus.Failed);
        stale.Attributes["stale"] = "true";

        var report = new CheckReport([Probe("a", Run("a", "a", Now.AddDays(-4), RunStatus.Success), newestFile, stale)]);

        Assert.Equal(2, report.ExitCode);
        var job = Assert.Single(report.Jobs);
        Assert.Same(stale, job.Current);
        Assert.Equal(3, job.Runs);
    }

    [Theory]
    [InlineData(RunStatus.Failed, RunStatus.Warning)]
    [InlineData(RunStatus.Warning, RunStatus.Running)]
    [InlineData(RunStatus.Running, RunStatus.Success)]
    public void On_a_time_tie_the_worse_status_wins_whatever_the_order(RunStatus worse, RunStatus better)
    {
        foreach (var order in new[] { new[] { worse, better }, new[] { better, worse } })
        {
            var report = new CheckReport([Probe("a", order.Select(s => Run("a", "nightly", Now, s)).ToArray())]);

            Assert.Equal(worse, Assert.Single(report.Jobs).Current.Status);
        }
    }

    [Fact]
    public void A_running_job_without_an_end_is_dated_by_its_start()
    {
        var running = Run("a", "nightly", Now, RunStatus.Running);
        running.EndTime = null;
        running.StartTime = Timestamp.FromDateTimeOffset(Now.AddHours(-1));

        var report = new CheckReport([Probe("a", Run("a", "nightly", Now.AddHours(-2), RunStatus.Failed), running)]);

        Assert.Equal(0, report.ExitCode);
        Assert.Equal(Now.AddHours(-1), Assert.Single(report.Jobs).Time);
    }

    [Fact]
    public void A_run_with_neither_end_nor_start_is_dated_when_it_was_seen()
    {
        var undated = Run("a", "nightly", Now, RunStatus.Success);
        undated.EndTime = null;
        undated.StartTime = null;

        var report = new CheckReport([Probe("a", Run("a", "nightly", Now.AddHours(-2), RunStatus.Failed), undated)]);

        Assert.Equal(0, report.ExitCode);
        Assert.Equal(Now, Assert.Single(report.Jobs).Time);
    }

    [Fact]
    public void Counts_are_per_job_not_per_run()
    {
        var report = new CheckReport([
            Probe("a",
                Run("a", "sql", Now, RunStatus.Success),
                Run("a", "sql", Now.AddDays(-1), RunStatus.Success),
                Run("a", "sql", Now.AddDays(-2), RunStatus.Failed),
                Run("a", "files", Now, RunStatus.Warning),
                Run("a", "files", Now.AddDays(-1), RunStatus.Warning)),
            Probe("b", Run("b", "sql", Now, RunStatus.Failed), Run("b", "sql", Now.AddDays(-1), RunStatus.Failed)),
            Broken("c")]);

        Assert.Equal("BACKUPHEALTH CRITICAL - 1 failed, 1 warning, 1 probe error, 1 ok | failed=1 warning=1 error=1 ok=1", report.Summary);
        Assert.Equal([("a", "files", 2), ("a", "sql", 3), ("b", "sql", 2)], report.Jobs.Select(j => (j.ProbeName, j.Current.JobKey, j.Runs)));
    }
}
