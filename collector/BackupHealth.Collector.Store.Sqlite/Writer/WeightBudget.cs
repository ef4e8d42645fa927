namespace BackupHealth.Collector.Store.Sqlite.Writer;

/// <summary>An async limit on the total weight (observations) held at once, granted first come, first served. A
/// take larger than the whole budget is granted when nothing else is held, so it cannot wait forever.</summary>
/// <remarks>Parsed observations waiting for their commit are the collector's largest live objects. Held in great
/// numbers (every agent's whole window) they outlive several garbage collections and get copied each time, which
/// cost more CPU than storing them; bounded, a stream whose batch cannot be taken stops being read and HTTP/2 flow
/// control holds the agent back.</remarks>
internal sealed class WeightBudget
{
    private readonly Lock _lock = new();
    private readonly Queue<Waiter> _waiting = new();
    private long _held;

    public WeightBudget(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public long Capacity { get; }

    /// <summary>Weight currently taken and not yet returned.</summary>
    public long Held
    {
        get
        {
            lock (_lock)
            {
                return _held;
            }
        }
    }

    /// <summary>Completes once <paramref name="weight"/> is granted; the caller must <see cref="Return"/> it.</summary>
    public ValueTask TakeAsync(int weight, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weight, 0);
        Waiter waiter;
        lock (_lock)
        {
            if (_waiting.Count == 0 && Fits(weight))
            {
                _held += weight;
                return ValueTask.CompletedTask;
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new Waiter(weight);
            _waiting.Enqueue(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
        }

        return new ValueTask(waiter.Task);
    }

    public void Return(int weight)
    {
        List<Waiter>? granted;
        lock (_lock)
        {
            _held -= weight;
            granted = GrantWaiting();
        }

        Complete(granted);
    }

    private bool Fits(int weight) => _held == 0 || _held + weight <= Capacity;

    // Under the lock. Cancelled waiters hold nothing and are dropped when reached.
    private List<Waiter>? GrantWaiting()
    {
        List<Waiter>? granted = null;
        while (_waiting.TryPeek(out var next) && (next.Cancelled || Fits(next.Weight)))
        {
            _waiting.Dequeue();
            if (!next.Cancelled)
            {
                _held += next.Weight;
                next.Granted = true;
                (granted ??= []).Add(next);
            }
        }

        return granted;
    }

    private static void Complete(List<Waiter>? granted)
    {
        if (granted is null)
        {
            return;
        }

        foreach (var waiter in granted)
        {
            waiter.Registration.Dispose();
            waiter.TrySetResult();
        }
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        List<Waiter>? granted;
        lock (_lock)
        {
            if (waiter.Granted)
            {
                return;
            }

            waiter.Cancelled = true;

            // A cancelled head of the queue must not hold back those behind it.
            granted = GrantWaiting();
        }

        waiter.TrySetCanceled(cancellationToken);
        Complete(granted);
    }

    private sealed class Waiter(int weight) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public int Weight { get; } = weight;

        public bool Granted { get; set; }

        public bool Cancelled { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }
}
