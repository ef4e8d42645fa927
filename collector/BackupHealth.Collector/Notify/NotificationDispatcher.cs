using System.Text.Json;
using BackupHealth.Collector.Notify.Channels;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Telemetry;
using BackupHealth.Retry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Notify;

/// <summary>Sends what is due: at start (whatever a previous run left pending), every PollInterval, and when woken by
/// the sink or the API. A row is marked sent only after its receiver accepted it, so delivery is at least once; a
/// receiver can drop the rare duplicate (a stop between sending and marking) by the notification id.
/// Channels are served side by side, each in order, so a slow mail server does not hold up the webhooks.</summary>
internal sealed class NotificationDispatcher(
    INotificationQueue store,
    NotificationChannels channels,
    NotificationSignal signal,
    IOptions<NotifyOptions> options,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger,
    CollectorMetrics? metrics = null) : BackgroundService
{
    public const int BatchSize = 100;

    /// <summary>How long a claimed row stays this dispatcher's: longer than a batch takes to send in all but the worst
    /// case (every send at its timeout); a dispatcher that died without releasing its rows holds them up this long.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    /// <summary>This process's name on the rows it claims.</summary>
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";

    private readonly NotifyOptions _options = options.Value;
    private readonly Backoff _backoff = new(options.Value.RetryMinDelay, options.Value.RetryMaxDelay, BackoffJitter.Equal, Random.Shared);
    private volatile bool _idle;

    /// <summary>True while the dispatcher sleeps with its poll timer set. A test that moves fake time waits for this,
    /// so the timer exists before time moves past it.</summary>
    internal bool Idle => _idle;

    /// <summary>One pass: sends every due notification (in batches) and records each outcome.</summary>
    internal async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var due = await store.ClaimDueAsync(_owner, time.GetUtcNow(), ClaimLease, BatchSize);
            if (due.Count == 0)
            {
                return;
            }

            var done = new System.Collections.Concurrent.ConcurrentDictionary<long, bool>();
            try
            {
                await Task.WhenAll(due.GroupBy(d => d.Channel, StringComparer.OrdinalIgnoreCase)
                    .Select(rows => DeliverInOrderAsync(rows, done, cancellationToken)));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: what was not sent is due again at the next start (or on another collector) at once.
                await ReleaseAsync(due.Select(d => d.Id).Where(id => !done.ContainsKey(id)));
                throw;
            }

            if (due.Count < BatchSize)
            {
                return;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(stoppingToken);
                await WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreUnavailableException ex)
            {
                // The store is busy or broken; nothing was lost (rows stay pending). Try again after the interval.
                Log.NotificationPassFailed(logger, ex);
                await WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ReleaseAsync(IEnumerable<long> ids)
    {
        try
        {
            await store.ReleaseAsync(_owner, ids);
        }
        catch (StoreUnavailableException ex)
        {
            // Then the rows wait for the lease to run out.
            Log.NotificationPassFailed(logger, ex);
        }
    }

    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(_options.PollInterval, time, wake.Token);
        var signalled = signal.WaitAsync(wake.Token);
        _idle = true;
        await Task.WhenAny(delay, signalled);
        _idle = false;
        await wake.CancelAsync();
        await Task.WhenAll(delay, signalled).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stoppingToken.ThrowIfCancellationRequested();
    }

    private async Task DeliverInOrderAsync(IEnumerable<DueNotification> rows, System.Collections.Concurrent.ConcurrentDictionary<long, bool> done,
        CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            await DeliverAsync(row, cancellationToken);
            done[row.Id] = true;
        }
    }

    private async Task DeliverAsync(DueNotification row, CancellationToken cancellationToken)
    {
        var attempts = row.Attempts + 1;
        try
        {
            var notification = JsonSerializer.Deserialize(row.Payload, NotifyJsonContext.Default.SiteNotification)
                ?? throw new JsonException("The stored notification is empty.");
            await channels.Get(row.Channel).SendAsync(new Delivery(row.Id, notification), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: not an attempt. The row stays pending and the next start sends it.
            throw;
        }
#pragma warning disable CA1031 // Any failure of a send is an outcome to record; DeliveryErrors decides what it means.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await RecordFailureAsync(row, attempts, ex);
            return;
        }

        try
        {
            metrics?.NotificationDelivered(row.Channel);
            await store.MarkSentAsync(row.Id, attempts, time.GetUtcNow());
            Log.NotificationSent(logger, row.Id, row.Channel, attempts);
        }
        catch (StoreUnavailableException ex)
        {
            Log.SentNotRecorded(logger, row.Id, row.Channel, ex);
            throw;
        }
    }

    private async Task RecordFailureAsync(DueNotification row, int attempts, Exception exception)
    {
        var error = DeliveryErrors.Describe(exception);
        var givenUp = DeliveryErrors.IsPermanent(exception) || attempts >= _options.MaxAttempts;
        metrics?.NotificationFailed(row.Channel, givenUp);
        if (givenUp)
        {
            await store.MarkFailedAsync(row.Id, attempts, error);
            Log.NotificationFailed(logger, row.Id, row.Channel, attempts, error);
            return;
        }

        var next = time.GetUtcNow() + _backoff.After(attempts);
        await store.MarkRetryAsync(row.Id, attempts, next, error);
        Log.NotificationRetrying(logger, row.Id, row.Channel, attempts, _options.MaxAttempts, next, error);
    }
}
