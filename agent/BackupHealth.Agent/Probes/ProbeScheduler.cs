using BackupHealth.Agent.Outbox;
using BackupHealth.Agent.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes;

/// <summary>Runs every configured probe once at start and then every interval plus a random jitter. New facts go to the
/// outbox; the probe's health goes to the health board, which the transport reports.</summary>
internal sealed class ProbeScheduler : BackgroundService
{
    private readonly ProbeCatalog _catalog;
    private readonly OutboxIntake _intake;
    private readonly ProbeHealthBoard _health;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ProbeScheduler> _logger;
    private readonly Random _random;
    private readonly AgentMetrics? _metrics;

    public ProbeScheduler(
        ProbeCatalog catalog, OutboxIntake intake, ProbeHealthBoard health, TimeProvider timeProvider, ILogger<ProbeScheduler> logger, AgentMetrics metrics)
        : this(catalog, intake, health, timeProvider, logger, Random.Shared, metrics)
    {
    }

    internal ProbeScheduler(
        ProbeCatalog catalog, OutboxIntake intake, ProbeHealthBoard health, TimeProvider timeProvider, ILogger<ProbeScheduler> logger, Random random,
        AgentMetrics? metrics = null)
    {
        _metrics = metrics;
        _catalog = catalog;
        _intake = intake;
        _health = health;
        _timeProvider = timeProvider;
        _logger = logger;
        _random = random;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_catalog.Probes.Count == 0)
        {
            Log.NoProbesConfigured(_logger);
            return;
        }

        try
        {
            // One loop per probe, each on its own so a slow share does not delay the others.
            await Task.WhenAll(_catalog.Probes.Select(p => Task.Run(() => RunLoopAsync(p, stoppingToken), stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunLoopAsync(ProbeEntry probe, CancellationToken stoppingToken)
    {
        while (true)
        {
            await RunOnceAsync(probe, stoppingToken);
            await Task.Delay(NextDelay(probe.Options), _timeProvider, stoppingToken);
        }
    }

    private TimeSpan NextDelay(ProbeOptions options) => options.Interval + options.EffectiveJitter * _random.NextDouble();

    private async Task RunOnceAsync(ProbeEntry probe, CancellationToken stoppingToken)
    {
        using var span = ProbeRunSpan.Start(probe.Probe);
        var started = _timeProvider.GetTimestamp();
        var result = await ProbeRunner.RunSafelyAsync(probe.Probe, _logger, stoppingToken);
        _metrics?.ProbeRan(probe.Probe, result, _timeProvider.GetElapsedTime(started));
        ProbeRunSpan.Ran(span, result);
        _health.Record(probe.Probe, result);
        if (result.State != Contracts.V1.ProbeState.Ok)
        {
            Log.ProbeFailed(_logger, probe.Name, result.Message);
        }

        try
        {
            var queued = await _intake.QueueNewAsync(result.Observations, stoppingToken);
            ProbeRunSpan.Queued(span, queued);
            Log.ProbeRan(_logger, probe.Name, result.Observations.Count, queued);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not marked as seen, so the next run offers the same facts again.
            Log.OutboxWriteFailed(_logger, probe.Name, ex);
        }
    }
}
