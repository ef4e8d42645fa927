using BackupHealth.Agent.Probes.Borg;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Time.Testing;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Probes.Borg;

/// <summary>The probe against the real borg program (Debian's 1.2) and real repositories. The test step installs
/// borgbackup when it is missing.</summary>
public sealed class BorgProbeRealToolTests(BorgRepository repository) : IClassFixture<BorgRepository>, IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow.AddMinutes(1));
    private readonly TestLogging _logging = new();
    private readonly ProbeStateStores _states = ProbeStateStores.InMemory();

    public void Dispose() => _logging.Dispose();

    private BorgProbe Probe(string repo, Action<BorgProbeOptions>? configure = null)
    {
        var options = new BorgProbeOptions
        {
            Name = "fs01-borg",
            Type = BorgProbe.TypeName,
            Repository = repo,
            Passphrase = BorgRepository.Passphrase,
            BaseDirectory = repository.NewBaseDirectory(),
            Timeout = TimeSpan.FromMinutes(2),
        };
        configure?.Invoke(options);
        return new BorgProbe(options, _runs, _time, _states.For(options.Name), _logging.For<BorgProbe>());
    }

    private readonly RecordingRunner _runs = new();

    /// <summary>The real runner, remembering each borg run so a failed assertion can say what borg answered.</summary>
    private sealed class RecordingRunner : ICommandRunner
    {
        private readonly ProcessCommandRunner _inner = new(TimeProvider.System);
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _seen = new();

        public string Seen => string.Join('\n', _seen);

        public async Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken)
        {
            var result = await _inner.RunAsync(command, cancellationToken);
            _seen.Enqueue($"{command.Display} -> {result.ExitCode} timedOut={result.TimedOut} stderr={result.StandardError.Trim()}");
            return result;
        }
    }

    [LinuxFact]
    public async Task Real_archives_become_runs_the_newest_with_its_statistics_each_reported_once()
    {
        var repo = repository.Copy();
        var probe = Probe(repo);

        var first = await probe.RunAsync(CancellationToken.None);
        var again = await probe.RunAsync(CancellationToken.None);
        await repository.Borg(repo, "create", "::fs01-third", repository.Source);
        var third = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, first.State);
        Assert.Equal(["fs01-first", "fs01-second"], first.Observations.Select(o => o.Attributes["archive"]));
        Assert.All(first.Observations, o =>
        {
            Assert.Null(ObservationValidator.Validate(o, _time.GetUtcNow(), TimeSpan.FromMinutes(10)));
            Assert.Equal(RunStatus.Success, o.Status);
            Assert.Equal("fs01-borg", o.JobKey);
            Assert.Equal("borg", o.SourceKind);
            Assert.Equal(o.Attributes["archive_id"], o.RunId);
            Assert.Equal(VerificationState.NotVerified, o.Verification.State);
            Assert.InRange(o.StartTime.ToDateTimeOffset(), _time.GetUtcNow().AddMinutes(-10), _time.GetUtcNow());
        });
        var newest = first.Observations[1];
        Assert.True(newest.SizeBytes > 8 * 1024, $"size {newest.SizeBytes}");
        Assert.Equal(newest.SizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), newest.Attributes["original_size"]);
        Assert.True(long.Parse(newest.Attributes["deduplicated_size"], System.Globalization.CultureInfo.InvariantCulture) < newest.SizeBytes);
        Assert.Equal("2", newest.Attributes["nfiles"]);
        Assert.Equal(Environment.MachineName, newest.ProtectedObject, ignoreCase: true);
        Assert.Equal(0, first.Observations[0].SizeBytes);
        Assert.Empty(again.Observations);
        var added = Assert.Single(third.Observations);
        Assert.Equal("fs01-third", added.Attributes["archive"]);
        Assert.True(added.SizeBytes > 0);
    }

    [LinuxFact]
    public async Task A_checkpoint_archive_is_a_warning_about_an_interrupted_backup()
    {
        var repo = repository.Copy();
        // What borg leaves of an interrupted backup: an archive named <name>.checkpoint.
        await repository.Borg(repo, "rename", "::fs01-second", "fs01-second.checkpoint");

        var result = await Probe(repo).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        var checkpoint = result.Observations.Single(o => o.Attributes["archive"] == "fs01-second.checkpoint");
        Assert.Equal(RunStatus.Warning, checkpoint.Status);
        Assert.Equal("checkpoint (interrupted backup)", checkpoint.Message);
        Assert.Equal(RunStatus.Success, result.Observations.Single(o => o.Attributes["archive"] == "fs01-first").Status);
    }

    [LinuxFact]
    public async Task A_scheduled_check_passes_a_sound_repository_and_fails_one_with_a_corrupted_segment()
    {
        var sound = repository.Copy();
        var corrupt = repository.Copy();
        await using (var stream = new FileStream(BorgRepository.LargestSegment(corrupt), FileMode.Open, FileAccess.Write))
        {
            stream.Position = 100;
            stream.Write("corrupted on purpose"u8);
        }

        var passed = await Probe(sound, o => o.CheckInterval = TimeSpan.FromDays(7)).RunAsync(CancellationToken.None);
        var failed = await Probe(corrupt, o =>
        {
            o.Name = "corrupt";
            o.CheckInterval = TimeSpan.FromDays(7);
        }).RunAsync(CancellationToken.None);

        var good = passed.Observations.Single(o => o.Attributes["archive"] == "fs01-second").Verification;
        Assert.True(good.State == VerificationState.Passed, $"verification {good.State}; borg runs:\n{_runs.Seen}");
        Assert.StartsWith("borg check found no errors", good.Detail, StringComparison.Ordinal);
        Assert.Equal(VerificationState.NotVerified, passed.Observations.Single(o => o.Attributes["archive"] == "fs01-first").Verification.State);
        // The listing reads the manifest and archive metadata, which the corruption spared; the check finds it.
        Assert.Equal(ProbeState.Ok, failed.State);
        var bad = failed.Observations.Single(o => o.Attributes["archive"] == "fs01-second");
        Assert.Equal(RunStatus.Success, bad.Status);
        Assert.Equal(VerificationState.Failed, bad.Verification.State);
        Assert.StartsWith("borg check returned 1", bad.Verification.Detail, StringComparison.Ordinal);
        Assert.Contains("error", bad.Verification.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [LinuxFact]
    public async Task A_wrong_passphrase_is_a_clear_probe_error()
    {
        var repo = repository.Copy();

        var result = await Probe(repo, o => o.Passphrase = "not it").RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.StartsWith($"wrong passphrase for borg repository {repo} (check Passphrase/PassphraseFile):", result.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task A_missing_repository_is_a_probe_error_naming_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-borg-repo-{Guid.NewGuid():N}");

        var result = await Probe(missing).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.StartsWith($"borg repository {missing} does not exist or is not a borg repository (check Repository):", result.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task A_moved_repository_is_refused_unless_AcceptRelocated()
    {
        var original = repository.Copy();
        var baseDirectory = repository.NewBaseDirectory();
        var seen = await Probe(original, o => o.BaseDirectory = baseDirectory).RunAsync(CancellationToken.None);
        var moved = original + "-moved";
        Directory.Move(original, moved);

        var refused = await Probe(moved, o =>
        {
            o.Name = "moved";
            o.BaseDirectory = baseDirectory;
        }).RunAsync(CancellationToken.None);
        var accepted = await Probe(moved, o =>
        {
            o.Name = "accepted";
            o.BaseDirectory = baseDirectory;
            o.AcceptRelocated = true;
        }).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, seen.State);
        Assert.Equal(ProbeState.Error, refused.State);
        Assert.StartsWith($"borg repository {moved} was moved; borg refuses it until told the move is expected (AcceptRelocated)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(ProbeState.Ok, accepted.State);
        Assert.Equal(2, accepted.Observations.Count);
    }

    [LinuxFact]
    public async Task An_unencrypted_repository_is_read_only_with_AcceptUnencrypted_and_no_passphrase()
    {
        var repo = Path.Combine(Path.GetDirectoryName(repository.Copy())!, $"plain-{Guid.NewGuid():N}");
        var setup = repository.NewBaseDirectory();
        await repository.BorgAs(repo, setup, null, "init", "--encryption=none");
        await repository.BorgAs(repo, setup, null, "create", "::plain-1", repository.Source);

        var refused = await Probe(repo, o => o.Passphrase = null).RunAsync(CancellationToken.None);
        var accepted = await Probe(repo, o =>
        {
            o.Name = "plain";
            o.Passphrase = null;
            o.AcceptUnencrypted = true;
        }).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, refused.State);
        Assert.StartsWith($"borg repository {repo} is unencrypted and unknown to this probe's borg cache; set AcceptUnencrypted", refused.Message, StringComparison.Ordinal);
        Assert.Equal("plain-1", Assert.Single(accepted.Observations).Attributes["archive"]);
    }
}
