using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Files;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Probes.Files;

public sealed class FilesProbeTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _share = new("share");
    private readonly TestLogging _logging = new();
    private readonly FakeTimeProvider _time = new(Now);

    public void Dispose()
    {
        _logging.Dispose();
        _share.Dispose();
    }

    private FilesProbeOptions Options(Action<FilesProbeOptions>? configure = null)
    {
        var options = new FilesProbeOptions { Name = "nas-veeam", Type = "files", Path = _share.Path, Pattern = "**/*.vbk", JobName = "Veeam to NAS" };
        configure?.Invoke(options);
        return options;
    }

    private FilesProbe Probe(FilesProbeOptions options) => new(options, _time, _logging.For<FilesProbe>());

    private void WriteFile(string relativePath, int size, TimeSpan age)
    {
        var path = _share.Combine(relativePath.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[size]);
        File.SetLastWriteTimeUtc(path, (Now - age).UtcDateTime);
    }

    [Fact]
    public async Task Each_matching_file_within_lookback_is_one_successful_run()
    {
        WriteFile("job1.vbk", 100, TimeSpan.FromHours(3));
        WriteFile("job2.vbk", 200, TimeSpan.FromDays(1));
        WriteFile("ancient.vbk", 300, TimeSpan.FromDays(8));
        WriteFile("notes.txt", 10, TimeSpan.FromHours(1));

        var result = await Probe(Options()).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Equal(["job1.vbk", "job2.vbk"], result.Observations.Select(o => o.Attributes["path"]).Order());
        var run = result.Observations.Single(o => o.Attributes["path"] == "job1.vbk");
        Assert.Equal(RunStatus.Success, run.Status);
        Assert.Equal("files", run.SourceKind);
        Assert.Equal("nas-veeam", run.JobKey);
        Assert.Equal("Veeam to NAS", run.JobName);
        Assert.Equal(_share.Path, run.ProtectedObject);
        Assert.Equal("nas-veeam", run.ProbeName);
        Assert.Equal(100, run.SizeBytes);
        Assert.Equal(Now - TimeSpan.FromHours(3), run.EndTime.ToDateTimeOffset());
        Assert.Equal(run.EndTime, run.StartTime);
        Assert.Equal(VerificationState.NotVerified, run.Verification.State);
        Assert.Equal("3", run.Attributes["file_count"]);
        Assert.All(result.Observations, o => Assert.Null(ObservationValidator.Validate(o, Now, TimeSpan.FromMinutes(10))));
    }

    [Fact]
    public async Task Ids_are_stable_across_runs_and_probe_instances_and_change_with_the_file()
    {
        WriteFile("a.vbk", 100, TimeSpan.FromHours(3));
        var first = await Probe(Options()).RunAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));

        var again = await Probe(Options()).RunAsync(CancellationToken.None);
        WriteFile("a.vbk", 101, TimeSpan.FromHours(3));
        var changed = await Probe(Options()).RunAsync(CancellationToken.None);

        var id = Assert.Single(first.Observations).Id;
        Assert.Equal(32, id.Length);
        Assert.Equal(id, Assert.Single(again.Observations).Id);
        Assert.NotEqual(id, Assert.Single(changed.Observations).Id);
    }

    [Fact]
    public async Task Same_file_in_two_probes_gets_different_ids()
    {
        WriteFile("a.vbk", 100, TimeSpan.FromHours(3));

        var one = await Probe(Options()).RunAsync(CancellationToken.None);
        var other = await Probe(Options(o => o.Name = "other")).RunAsync(CancellationToken.None);

        Assert.NotEqual(Assert.Single(one.Observations).Id, Assert.Single(other.Observations).Id);
    }

    [Fact]
    public async Task File_smaller_than_MinSizeBytes_is_a_failed_run_that_says_so()
    {
        WriteFile("big.vbk", 2048, TimeSpan.FromHours(26));
        WriteFile("small.vbk", 10, TimeSpan.FromHours(2));

        var result = await Probe(Options(o => o.MinSizeBytes = 1024)).RunAsync(CancellationToken.None);

        var small = result.Observations.Single(o => o.Attributes["path"] == "small.vbk");
        Assert.Equal(RunStatus.Failed, small.Status);
        Assert.Contains("smaller than MinSizeBytes 1024", small.Message, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Success, result.Observations.Single(o => o.Attributes["path"] == "big.vbk").Status);
    }

    [Fact]
    public async Task Newest_file_older_than_MaxAge_gives_one_stale_verdict_for_check_not_a_run()
    {
        WriteFile("a.vbk", 100, new TimeSpan(3, 4, 0, 0));
        WriteFile("b.vbk", 100, new TimeSpan(4, 0, 0, 0));

        var result = await Probe(Options(o => o.MaxAge = new TimeSpan(1, 2, 0, 0))).RunAsync(CancellationToken.None);
        var again = await Probe(Options(o => o.MaxAge = new TimeSpan(1, 2, 0, 0))).RunAsync(CancellationToken.None);

        Assert.DoesNotContain(result.Observations, o => o.Attributes.ContainsKey("stale"));
        var stale = Assert.Single(result.Verdicts);
        Assert.Equal(RunStatus.Failed, stale.Status);
        Assert.Equal("newest backup file is 3d 4h old (MaxAge 1d 2h)", stale.Message);
        Assert.Equal(Now - new TimeSpan(3, 4, 0, 0), stale.EndTime.ToDateTimeOffset());
        Assert.Equal("true", stale.Attributes["stale"]);
        Assert.Equal("a.vbk", stale.Attributes["path"]);
        Assert.Equal(2, result.Observations.Count);
        Assert.Equal(stale.Id, Assert.Single(again.Verdicts).Id);
        Assert.Null(ObservationValidator.Validate(stale, Now, TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public async Task Fresh_newest_file_is_not_stale()
    {
        WriteFile("old.vbk", 100, TimeSpan.FromDays(3));
        WriteFile("new.vbk", 100, TimeSpan.FromHours(20));

        var result = await Probe(Options(o => o.MaxAge = TimeSpan.FromDays(1))).RunAsync(CancellationToken.None);

        Assert.Empty(result.Verdicts);
    }

    [Fact]
    public async Task No_matching_file_with_MaxAge_is_one_stale_verdict_naming_the_pattern()
    {
        WriteFile("readme.txt", 10, TimeSpan.FromHours(1));

        var result = await Probe(Options(o => o.MaxAge = TimeSpan.FromDays(1))).RunAsync(CancellationToken.None);

        Assert.Empty(result.Observations);
        var stale = Assert.Single(result.Verdicts);
        Assert.Equal(RunStatus.Failed, stale.Status);
        Assert.Equal($"no file matches **/*.vbk in {_share.Path}", stale.Message);
        Assert.Equal(Now, stale.EndTime.ToDateTimeOffset());
        Assert.Equal("0", stale.Attributes["file_count"]);
        Assert.Equal(ProbeState.Ok, result.State);
    }

    [Fact]
    public async Task No_matching_file_without_MaxAge_reports_nothing()
    {
        var result = await Probe(Options()).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Empty(result.Observations);
    }

    [Fact]
    public async Task Missing_folder_is_a_probe_error_not_an_observation()
    {
        var missing = _share.Combine("gone");

        var result = await Probe(Options(o => o.Path = missing)).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains(missing, result.Message, StringComparison.Ordinal);
        Assert.Empty(result.Observations);
    }

    [Fact]
    public async Task Glob_matches_files_in_subfolders_with_forward_slash_paths()
    {
        WriteFile("vm1/2025-03-09.vbk", 100, TimeSpan.FromHours(30));
        WriteFile("vm2/deep/2025-03-10.vbk", 100, TimeSpan.FromHours(6));
        WriteFile("top.vbk", 100, TimeSpan.FromHours(6));

        var all = await Probe(Options()).RunAsync(CancellationToken.None);
        var vm2Only = await Probe(Options(o => o.Pattern = "vm2/**/*.vbk")).RunAsync(CancellationToken.None);

        Assert.Equal(["top.vbk", "vm1/2025-03-09.vbk", "vm2/deep/2025-03-10.vbk"], all.Observations.Select(o => o.Attributes["path"]).Order(StringComparer.Ordinal));
        Assert.Equal(["vm2/deep/2025-03-10.vbk"], vm2Only.Observations.Select(o => o.Attributes["path"]));
    }

    [Fact]
    public async Task File_written_in_the_future_beyond_five_minutes_is_skipped()
    {
        WriteFile("skewed.vbk", 100, -TimeSpan.FromMinutes(3));
        WriteFile("future.vbk", 100, -TimeSpan.FromHours(2));

        var result = await Probe(Options()).RunAsync(CancellationToken.None);

        Assert.Equal(["skewed.vbk"], result.Observations.Select(o => o.Attributes["path"]));
    }

    [Fact]
    public async Task JobName_defaults_to_the_probe_name()
    {
        WriteFile("a.vbk", 100, TimeSpan.FromHours(1));

        var result = await Probe(Options(o => o.JobName = "")).RunAsync(CancellationToken.None);

        Assert.Equal("nas-veeam", Assert.Single(result.Observations).JobName);
    }
}
