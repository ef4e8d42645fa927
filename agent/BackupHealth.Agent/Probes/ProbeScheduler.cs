using System.Diagnostics;
using BackupHealth.Agent.Outbox;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Telemetry;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes;

/// <summary>Runs every configured probe once at start and then every interval plus a random jitter. New facts go to the
/// outbox; the probe's health goes to the health board, which the transport reports: <c>outbox_full</c> when the probe
/// read its source but the outbox could not take its new facts.</summary>
internal sealed class ProbeScheduler : BackgroundService
{
    private readonly ProbeCatalog _catalog;
    private readonly OutboxIntake _intake;
    private readonly ProbeHealthBoard _health;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ProbeScheduler> _logger;
    private readonly Random _random;
    private readonly AgentMetrics? _metrics;
    private readonly ProbeStateStores? _states;

    public ProbeScheduler(
        ProbeCatalog catalog, OutboxIntake intake, ProbeHealthBoard health, TimeProvider timeProvider, ILogger<ProbeScheduler> logger, AgentMetrics metrics,
        ProbeStateStores states)
        : this(catalog, intake, health, timeProvider, logger, Random.Shared, metrics, states)
    {
    }

    internal ProbeScheduler(
        ProbeCatalog catalog, OutboxIntake intake, ProbeHealthBoard health, TimeProvider timeProvider, ILogger<ProbeScheduler> logger, Random random,
        AgentMetrics? metrics = null, ProbeStateStores? states = null)
    {
        _metrics = metrics;
        _states = states;
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
        if (result.State != ProbeState.Ok)
        {
            Log.ProbeFailed(_logger, probe.Name, result.Message);
        }

        _health.Record(probe.Probe, await QueueAsync(probe, result, span, stoppingToken));
    }

    /// <returns>The result as the collector should see it: <c>outbox_full</c> when the outbox did not take it all.</returns>
    private async Task<ProbeResult> QueueAsync(ProbeEntry probe, ProbeResult result, Activity? span, CancellationToken stoppingToken)
    {
        try
        {
            var queued = await _intake.QueueNewAsync(result.Observations, stoppingToken);
            ProbeRunSpan.Queued(span, queued);
            Log.ProbeRan(_logger, probe.Name, result.Observations.Count, queued);
            KeepState(probe.Name);
            return result;
        }
        catch (OutboxFullException ex)
        {
            // Neither the unqueued facts' ids nor the probe's state of this run are kept, so the next run offers them.
            _states?.Forget(probe.Name);
            var waiting = _intake.NewOf(result.Observations).Count;
            Log.OutboxFull(_logger, probe.Name, waiting, ex.Message);
            return result with
            {
                State = ProbeState.OutboxFull,
                Message = $"the agent's outbox cannot take this probe's new facts ({waiting} wait for the next run): {ex.Message}",
            };
        }
    }

    private void KeepState(string probeName)
    {
        try
        {
            _states?.Keep(probeName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.ProbeStateNotSaved(_logger, probeName, ex.Message);
        }
    }
}
