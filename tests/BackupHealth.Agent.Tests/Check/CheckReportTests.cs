using BackupHealth.Agent.Check;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Tests.Check;

public sealed class CheckReportTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CheckedProbe Probe(string name, params RunStatus[] statuses) =>
        new(name, "files", ProbeResult.Ok(statuses.Select((s, i) => TestObservations.Valid($"{name}{i}", Now, s, name)).ToList()));

    private static CheckedProbe Broken(string name) => new(name, "files", ProbeResult.Error("folder gone"));

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
}
