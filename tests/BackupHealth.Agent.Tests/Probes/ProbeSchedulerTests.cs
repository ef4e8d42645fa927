using BackupHealth.Agent.Outbox;
using BackupHealth.Agent.Probes;
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
