using BackupHealth.Agent.Outbox;
using System.Text.Json.Serialization;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Probes;

public sealed class ProbeSchedulerTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Jitter = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _temp = new("scheduler");
    private readonly TestLogging _logging = new();
    private readonly TimerCountingTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ObservationOutbox _outbox;
    private readonly SeenObservationIds _seen;
    private readonly ProbeHealthBoard _health;

    public ProbeSchedulerTests()
    {
        _outbox = new ObservationOutbox(_temp.Combine("outbox"), 100, _time, _logging.For<ObservationOutbox>());
        _seen = new SeenObservationIds(_temp.Path, _time, _logging.For<SeenObservationIds>());
        _health = new ProbeHealthBoard(_time);
    }

    public void Dispose()
    {
        _seen.Dispose();
        _logging.Dispose();
        _temp.Dispose();
    }

    private ProbeScheduler Scheduler(params IProbe[] probes) => new(
        new ProbeCatalog(probes.Select(p => new ProbeEntry(p, new ProbeOptions { Name = p.Name, Type = p.Type, Interval = Interval, Jitter = Jitter })).ToList()),
        new OutboxIntake(_outbox, _seen),
        _health,
        _time,
        _logging.For<ProbeScheduler>(),
        new FixedRandom(0.5));

    [Fact]
    public async Task Probe_runs_at_start_and_again_after_interval_plus_jitter_not_before()
    {
        var probe = new ScriptedProbe("nas", _ => ProbeResult.Ok([]));
        using var scheduler = Scheduler(probe);

        await scheduler.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => probe.Runs == 1, "the run at start");
        await Poll.UntilAsync(() => _time.TimersCreated == 1, "the scheduler waits for the next run");

        _time.Advance(Interval + (Jitter / 2) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, probe.Runs);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Poll.UntilAsync(() => probe.Runs == 2, "the second run at interval + jitter");

        await scheduler.StopAsync(CancellationToken.None);
        _logging.Errors.AssertNone();
    }

    [Fact]
    public async Task On_site_verdicts_are_not_queued_only_runs_are()
    {
        var now = _time.GetUtcNow();
        var probe = new ScriptedProbe("nas", _ => ProbeResult.Ok([TestObservations.Valid("run", now.AddMinutes(-1), probe: "nas")]) with
        {
            Verdicts = [TestObservations.Valid("stale-verdict", now, probe: "nas")],
        });
        using var scheduler = Scheduler(probe);

        await scheduler.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => probe.Runs == 1 && _time.TimersCreated == 1, "the first run finished");
        await scheduler.StopAsync(CancellationToken.None);

        var batch = _outbox.TryTakeBatch(100);
        Assert.NotNull(batch);
        Assert.Equal(["run"], batch.Observations.Select(o => o.Id));
    }

    [Fact]
    public async Task New_observations_are_queued_once_and_health_is_recorded()
    {
        var probe = new ScriptedProbe("nas", _ => ProbeResult.Ok([TestObservations.Valid("same-fact", _time.GetUtcNow().AddMinutes(-1), probe: "nas")]));
        using var scheduler = Scheduler(probe);

        await scheduler.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => _outbox.Depth == 1, "the fact is queued");
        await Poll.UntilAsync(() => _time.TimersCreated == 1, "the scheduler waits for the next run");
        _time.Advance(Interval + Jitter);
        await Poll.UntilAsync(() => probe.Runs == 2 && _time.TimersCreated == 2, "the second run finished");

        Assert.Equal(1, _outbox.Depth);
        var health = Assert.Single(_health.Snapshot());
        Assert.Equal(("nas", ProbeState.Ok, 0), (health.ProbeName, health.State, health.ConsecutiveFailures));
        await scheduler.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Probe_that_throws_becomes_a_probe_error_and_keeps_its_schedule()
    {
        var probe = new ScriptedProbe("nas", run => run == 1 ? throw new UnauthorizedAccessException("access denied to /srv") : ProbeResult.Ok([]));
        var other = new ScriptedProbe("other", _ => ProbeResult.Ok([]));
        _logging.Errors.Expected.Add((_, message) => message.Contains("Probe nas threw", StringComparison.Ordinal));
        using var scheduler = Scheduler(probe, other);

        await scheduler.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => _health.Snapshot().Count == 2, "both probes ran");

        var failed = _health.Snapshot().Single(h => h.ProbeName == "nas");
        Assert.Equal(ProbeState.Error, failed.State);
        Assert.Contains("access denied to /srv", failed.Message, StringComparison.Ordinal);
        Assert.Equal(1, failed.ConsecutiveFailures);
        await Poll.UntilAsync(() => _time.TimersCreated == 2, "both probes wait for their next run");
        _time.Advance(Interval + Jitter);
        await Poll.UntilAsync(() => _health.Snapshot().Single(h => h.ProbeName == "nas").State == ProbeState.Ok, "the next run succeeds");
        await scheduler.StopAsync(CancellationToken.None);
        _logging.Errors.AssertNone();
    }

    /// <summary>A probe that remembers what it reported (as the PBS and Proxmox probes do) must not remember facts the
    /// outbox did not take, or they would never be offered again.</summary>
    [Fact]
    public async Task A_full_outbox_is_reported_as_outbox_full_and_the_probe_forgets_that_run_then_offers_its_facts_again()
    {
        var now = _time.GetUtcNow();
        var failure = TestObservations.Valid("backup-failed", now.AddMinutes(-1), RunStatus.Failed, probe: "pbs");
        var size = OutboxFileFormat.DelimitedSize(failure);
        var outbox = new ObservationOutbox(_temp.Combine("bounded"), 100, new OutboxLimits(2 * size, TimeSpan.FromDays(1)), _time, _logging.For<ObservationOutbox>());
        // Full of failures of the same size, which it may not drop.
        await outbox.AppendAsync(
            [TestObservations.Valid("older-failed1", now, RunStatus.Failed, probe: "pbs"), TestObservations.Valid("older-failed2", now, RunStatus.Failed, probe: "pbs")],
            CancellationToken.None);
        var states = ProbeStateStores.InFolder(_temp.Combine("probe-state"), heldUntilQueued: true);
        var probe = new RememberingProbe("pbs", states.For("pbs"), [failure]);
        using var scheduler = new ProbeScheduler(
            new ProbeCatalog([new ProbeEntry(probe, new ProbeOptions { Name = "pbs", Type = probe.Type, Interval = Interval, Jitter = Jitter })]),
            new OutboxIntake(outbox, _seen), _health, _time, _logging.For<ProbeScheduler>(), new FixedRandom(0.5), states: states);

        await scheduler.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => _health.Snapshot().Count == 1 && _time.TimersCreated == 1, "the first run is reported");
        var full = Assert.Single(_health.Snapshot());
        Assert.Equal((ProbeState.OutboxFull, 1), (full.State, full.ConsecutiveFailures));
        Assert.Contains("cannot take this probe's new facts (1 wait for the next run)", full.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_temp.Combine("probe-state")));

        outbox.Acknowledge(outbox.TryTakeBatch(100)!);
        _time.Advance(Interval + Jitter);
        await Poll.UntilAsync(() => _health.Snapshot().Single().State == ProbeState.Ok, "the next run queues the fact");
        await scheduler.StopAsync(CancellationToken.None);

        Assert.Equal(["backup-failed"], outbox.TryTakeBatch(100)!.Observations.Select(o => o.Id));
        Assert.Equal(2, probe.Runs);
        Assert.Contains("backup-failed", await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(_temp.Combine("probe-state")))), StringComparison.Ordinal);
    }

    /// <summary>Reports each fact once, remembering the reported ids in its state store.</summary>
    private sealed class RememberingProbe(string name, IProbeStateStore state, IReadOnlyList<Observation> facts) : IProbe
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public string Name => name;

        public string Type => "remembering";

        public ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            var reported = state.Load(RememberedJson.Default.Remembered) ?? new Remembered();
            var fresh = facts.Where(f => !reported.Ids.Contains(f.Id)).ToList();
            reported.Ids.AddRange(fresh.Select(f => f.Id));
            state.Save(reported, RememberedJson.Default.Remembered);
            return ValueTask.FromResult(ProbeResult.Ok(fresh));
        }
    }

    private sealed class ScriptedProbe(string name, Func<int, ProbeResult> run) : IProbe
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public string Name => name;

        public string Type => "scripted";

        public ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(run(Interlocked.Increment(ref _runs)));
    }
}

public sealed class Remembered
{
    public List<string> Ids { get; set; } = [];
}

[JsonSerializable(typeof(Remembered))]
internal sealed partial class RememberedJson : JsonSerializerContext;
