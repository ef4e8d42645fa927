using BackupHealth.Collector.Alerts.Muting;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Rules;
using BackupHealth.Collector.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Alerts;

/// <summary>Evaluates every rule against the store every <see cref="AlertOptions.EvaluationInterval"/> and
/// reconciles the alerts with what they found, handing each site's changes to the notifier in the same
/// unit of work. Deterministic given the store and the <see cref="TimeProvider"/>.</summary>
internal sealed class AlertEvaluator : BackgroundService
{
    private readonly IEvaluationStore _store;
    private readonly IReadOnlyList<IAlertRule> _rules;
    private readonly INotificationSink _sink;
    private readonly AlertOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertEvaluator> _logger;
    private readonly ChangeFeed? _changes;

    // The loop and the API may ask at once; one evaluation at a time keeps the outcome that of a sequence.
    private readonly SemaphoreSlim _gate = new(1, 1);

    private PeriodicTimer? _timer;

    public AlertEvaluator(IEvaluationStore store, IEnumerable<IAlertRule> rules,
        INotificationSink sink, IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertEvaluator> logger, ChangeFeed? changes = null)
    {
        _store = store;
        _rules = rules.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        _sink = sink;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _changes = changes;
    }

    /// <summary>Evaluates now, whatever the schedule.</summary>
    public async Task<EvaluationResult> EvaluateOnceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            var snapshot = await _store.LoadSnapshotAsync(now, cancellationToken);
            var (findings, failedRules) = RunRules(snapshot);

            var (notifications, opened, resolved, changed) = await _store.InUnitOfWorkAsync(work => Reconcile(work, snapshot, findings, failedRules), cancellationToken);
            var result = new EvaluationResult(now, findings.Count, opened, resolved, notifications, [.. failedRules.Order(StringComparer.Ordinal)]);
            Log.AlertsEvaluated(_logger, result.Findings, result.Opened, result.Resolved, result.Notifications);
            _changes?.Publish(changed);

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The schedule starts here, not when <see cref="ExecuteAsync"/> gets to run on its own thread, so the
    /// first evaluation is exactly one interval after start. Waiting that interval first gives agents time to
    /// reconnect and flush their outboxes after a collector restart before they are judged.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new PeriodicTimer(_options.EvaluationInterval, _time);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        _gate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer ?? throw new InvalidOperationException("StartAsync creates the timer");
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await EvaluateLoggingFailureAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task EvaluateLoggingFailureAsync(CancellationToken stoppingToken)
    {
        try
        {
            await EvaluateOnceAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Nothing of a failed evaluation was committed; the next one starts from the same alerts.
            Log.EvaluationFailed(_logger, ex);
        }
    }

    private (IReadOnlyCollection<RuleFinding> Findings, HashSet<string> FailedRules) RunRules(EvaluationSnapshot snapshot)
    {
        var findings = new Dictionary<(string, string), RuleFinding>();
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in _rules)
        {
            List<RuleFinding> found;
            try
            {
                found = rule.Evaluate(snapshot).ToList();
            }
            catch (Exception ex)
            {
                failed.Add(rule.Id);
                Log.RuleFailed(_logger, rule.Id, ex);
                continue;
            }

            foreach (var finding in found)
            {
                // (rule, subject) is the alert's identity: a rule that reports one twice means one alert.
                findings.TryAdd((finding.Rule, finding.Subject), finding);
            }
        }

        return (findings.Values, failed);
    }

    private (int Notifications, int Opened, int Resolved, IReadOnlySet<string> ChangedCustomers) Reconcile(IAlertUnitOfWork work,
        EvaluationSnapshot snapshot, IReadOnlyCollection<RuleFinding> findings, HashSet<string> failedRules)
    {
        var unreadableWindows = new List<long>();
        var mutes = MuteRules.ActiveAt(work, snapshot.Now, unreadableWindows);
        if (unreadableWindows.Count > 0)
        {
            Log.MaintenanceWindowsUnreadable(_logger, string.Join(", ", unreadableWindows));
        }

        var reconciliation = new Reconciliation(work.Alerts, snapshot, mutes, _options.RepeatInterval, _options.BacklogHold);
        var (notifications, opened, resolved) = reconciliation.Run(findings, failedRules);
        foreach (var notification in notifications)
        {
            _sink.Enqueue(work.Notifications, notification);
        }

        return (notifications.Count, opened, resolved, reconciliation.ChangedCustomers);
    }
}
