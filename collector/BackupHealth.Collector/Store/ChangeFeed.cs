using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace BackupHealth.Collector.Store;

/// <summary>Tells whoever listens (the live pages) that something they show may have changed: observations or
/// agent state committed, alerts opened, resolved or worked. Carries no data; listeners re-read. Each change has a
/// <see cref="ChangeScope"/>: every change wakes every listener, and a listener limited to some customers reads
/// <see cref="VersionFor"/> to learn whether it was one of theirs.</summary>
internal sealed class ChangeFeed
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _byCustomer = new(StringComparer.Ordinal);
    private long _version;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Grows by one with every change.</summary>
    public long Version => Interlocked.Read(ref _version);

    public void Publish(ChangeScope scope)
    {
        Count(scope);
        Wake();
    }

    /// <summary>One change of several customers: every listener wakes once.</summary>
    public void Publish(IEnumerable<string> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var any = false;
        foreach (var customer in customers)
        {
            Count(ChangeScope.OfCustomer(customer));
            any = true;
        }

        if (any)
        {
            Wake();
        }
    }

    /// <summary>How many changes so far a user who sees <paramref name="customers"/> (null: every customer) may be
    /// told of. It grows exactly when such a change is published, so a listener compares it with what it last sent.
    /// Read it after <see cref="NextAsync"/>: a change counts before it wakes anyone.</summary>
    public long VersionFor(string[]? customers)
    {
        if (customers is null)
        {
            return Version;
        }

        var version = 0L;
        foreach (var customer in customers)
        {
            if (_byCustomer.TryGetValue(customer, out var count))
            {
                version += Interlocked.Read(ref count.Value);
            }
        }

        return version;
    }

    /// <summary>Completes at the next <see cref="Publish(ChangeScope)"/> after this call.</summary>
    public Task NextAsync(CancellationToken cancellationToken) => Volatile.Read(ref _next).Task.WaitAsync(cancellationToken);

    /// <summary>Publishes once <paramref name="committed"/> has completed successfully.</summary>
    public async Task<T> AfterAsync<T>(Task<T> committed, ChangeScope scope)
    {
        ArgumentNullException.ThrowIfNull(committed);
        var result = await committed.ConfigureAwait(false);
        Publish(scope);
        return result;
    }

    private void Count(ChangeScope scope)
    {
        if (scope.Customer is { } customer)
        {
            Interlocked.Increment(ref _byCustomer.GetOrAdd(customer, static _ => new StrongBox<long>()).Value);
        }
    }

    private void Wake()
    {
        Interlocked.Increment(ref _version);
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
