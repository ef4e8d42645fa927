using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Probes.Restic;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Time.Testing;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Probes.Restic;

/// <summary>The probe against the real restic program and real repositories (Debian's restic is 0.14: no summary
/// block, exit code 1 for every failure). The test step installs restic when it is missing.</summary>
public sealed class ResticProbeRealToolTests(ResticRepository repository) : IClassFixture<ResticRepository>, IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow.AddMinutes(1));
    private readonly TestLogging _logging = new();
    private readonly ProbeStateStores _states = ProbeStateStores.InMemory();

    public void Dispose() => _logging.Dispose();

    private ResticProbe Probe(string repo, Action<ResticProbeOptions>? configure = null)
    {
        var options = new ResticProbeOptions
        {
            Name = "office-restic",
            Type = ResticProbe.TypeName,
            Repository = repo,
            Password = ResticRepository.Password,
            CacheDirectory = repository.Cache,
            Timeout = TimeSpan.FromMinutes(2),
        };
        configure?.Invoke(options);
        return new ResticProbe(options, new ProcessCommandRunner(TimeProvider.System), _time, _states.For(options.Name), _logging.For<ResticProbe>());
    }

    [LinuxFact]
    public async Task Real_snapshots_become_successful_runs_of_one_job_reported_once()
    {
        var repo = repository.Copy();
        var probe = Probe(repo);

        var first = await probe.RunAsync(CancellationToken.None);
        var again = await probe.RunAsync(CancellationToken.None);
        await repository.Restic(repo, "backup", repository.Source, "--host", "web01");
        var third = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, first.State);
        Assert.Equal(["db01", "web01"], first.Observations.Select(o => o.ProtectedObject).Order(StringComparer.Ordinal));
        Assert.All(first.Observations, o =>
        {
            Assert.Null(ObservationValidator.Validate(o, _time.GetUtcNow(), TimeSpan.FromMinutes(10)));
            Assert.Equal(RunStatus.Success, o.Status);
            Assert.Equal("office-restic", o.JobKey);
            Assert.Equal("restic", o.SourceKind);
            Assert.Equal(VerificationState.NotVerified, o.Verification.State);
            Assert.Equal(o.Attributes["snapshot_id"], o.RunId);
            Assert.Equal(64, o.RunId.Length);
            Assert.Equal(repository.Source, o.Attributes["paths"]);
            Assert.InRange(o.StartTime.ToDateTimeOffset(), _time.GetUtcNow().AddMinutes(-10), _time.GetUtcNow());
        });
        Assert.Equal("nightly", first.Observations.Single(o => o.ProtectedObject == "web01").Attributes["tags"]);
        Assert.Empty(again.Observations);
        var added = Assert.Single(third.Observations);
        Assert.Equal("web01", added.ProtectedObject);
        Assert.DoesNotContain(added.RunId, first.Observations.Select(o => o.RunId));
    }

    [LinuxFact]
    public async Task Host_and_tag_filters_reach_restic_and_JobPer_Host_makes_a_job_per_host()
    {
        var repo = repository.Copy();

        var tagged = await Probe(repo, o => o.Tags = ["nightly"]).RunAsync(CancellationToken.None);
        var perHost = await Probe(repo, o =>
        {
            o.Name = "per-host";
            o.JobPer = ResticJobPer.Host;
        }).RunAsync(CancellationToken.None);
        var oneHost = await Probe(repo, o =>
        {
            o.Name = "db-only";
            o.Host = "db01";
            o.Paths = [repository.Source];
        }).RunAsync(CancellationToken.None);

        Assert.Equal("web01", Assert.Single(tagged.Observations).ProtectedObject);
        Assert.Equal(["per-host/db01", "per-host/web01"], perHost.Observations.Select(o => o.JobKey).Order(StringComparer.Ordinal));
        Assert.Equal("db01", Assert.Single(oneHost.Observations).ProtectedObject);
    }

    [LinuxFact]
    public async Task A_scheduled_check_of_a_sound_repository_marks_the_newest_snapshot_passed_and_repeats_after_the_interval()
    {
        var repo = repository.Copy();
        var probe = Probe(repo, o => o.CheckInterval = TimeSpan.FromDays(7));

        var first = await probe.RunAsync(CancellationToken.None);
        var soon = await probe.RunAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(7));
        var later = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(2, first.Observations.Count);
        var newest = first.Observations.MaxBy(o => o.EndTime.ToDateTimeOffset())!;
        var older = first.Observations.MinBy(o => o.EndTime.ToDateTimeOffset())!;
        Assert.Equal(VerificationState.Passed, newest.Verification.State);
        Assert.StartsWith("restic check found no errors", newest.Verification.Detail, StringComparison.Ordinal);
        Assert.Equal(VerificationState.NotVerified, older.Verification.State);
        Assert.Empty(soon.Observations);
        var rechecked = Assert.Single(later.Observations);
        Assert.Equal(newest.RunId, rechecked.RunId);
        Assert.NotEqual(newest.Id, rechecked.Id);
        Assert.Equal(VerificationState.Passed, rechecked.Verification.State);
    }

    [LinuxFact]
    public async Task A_missing_pack_fails_the_structure_check()
    {
        var repo = repository.Copy();
        File.Delete(ResticRepository.DataPacks(repo)[0]);

        var result = await Probe(repo, o => o.CheckInterval = TimeSpan.FromDays(1)).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        var newest = result.Observations.MaxBy(o => o.EndTime.ToDateTimeOffset())!;
        Assert.Equal(RunStatus.Success, newest.Status);
        Assert.Equal(VerificationState.Failed, newest.Verification.State);
        Assert.Contains("does not exist", newest.Verification.Detail, StringComparison.Ordinal);
        Assert.Contains("repository contains errors", newest.Verification.Detail, StringComparison.Ordinal);
    }

    [LinuxFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Overwritten_bytes_in_a_pack_fail_a_check_that_reads_the_data()
    {
        var repo = repository.Copy();
        var pack = ResticRepository.DataPacks(repo)[0];
        File.SetUnixFileMode(pack, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using (var stream = new FileStream(pack, FileMode.Open, FileAccess.Write))
        {
            stream.Position = 100;
            stream.Write("corrupted on purpose"u8);
        }

        var structureOnly = await Probe(repo, o => o.CheckInterval = TimeSpan.FromDays(1)).RunAsync(CancellationToken.None);
        var reading = await Probe(repo, o =>
        {
            o.Name = "reading";
            o.CheckInterval = TimeSpan.FromDays(1);
            o.CheckReadDataSubset = "100%";
        }).RunAsync(CancellationToken.None);

        // Same size, same name: only reading the data finds it.
        Assert.Equal(VerificationState.Passed, structureOnly.Observations.MaxBy(o => o.EndTime.ToDateTimeOffset())!.Verification.State);
        var verdict = reading.Observations.MaxBy(o => o.EndTime.ToDateTimeOffset())!.Verification;
        Assert.Equal(VerificationState.Failed, verdict.State);
        Assert.Contains("(read data subset 100%)", verdict.Detail, StringComparison.Ordinal);
        Assert.Contains("Pack ID does not match", verdict.Detail, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task A_wrong_password_is_a_clear_probe_error()
    {
        var repo = repository.Copy();

        var result = await Probe(repo, o => o.Password = "not the password").RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.StartsWith($"wrong password for restic repository {repo} (check Password/PasswordFile):", result.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task The_password_can_come_from_a_file()
    {
        var repo = repository.Copy();
        var file = Path.Combine(repo, "..", $"password-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, ResticRepository.Password + "\n");

        var result = await Probe(repo, o =>
        {
            o.Password = null;
            o.PasswordFile = Path.GetFullPath(file);
        }).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Equal(2, result.Observations.Count);
    }

    [LinuxFact]
    public async Task A_missing_repository_is_a_probe_error_naming_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-restic-repo-{Guid.NewGuid():N}");

        var result = await Probe(missing).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.StartsWith($"restic repository {missing} does not exist or cannot be opened (check Repository):", result.Message, StringComparison.Ordinal);
    }
}
