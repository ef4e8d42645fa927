using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Store.Sqlite.Writer;

/// <summary>Group commit. One task owns the write connection; callers queue work and get a task that completes
/// once that work is committed (durably: synchronous=FULL). The writer takes everything queued, up to
/// <see cref="MaxWeightPerCommit"/> observations, applies it in one transaction and commits once, so the cost of a
/// disk sync is shared by every agent whose batch arrived meanwhile. When a transaction fails, every caller in it
/// fails: nothing of the group is stored, so nothing of it may be acknowledged.</summary>
/// <remarks>Every write of the collector comes here: ingest (<see cref="EnqueueAsync{T}"/>, work on the
/// <see cref="WriteSession"/>'s prepared commands) and every other store's commands (<see cref="WriteAsync{T}"/>:
/// users, tokens, alerts, notifications, expectations, coverage, audit), so no connection ever waits on SQLite's file
/// lock for another. A store's command runs in a savepoint of its own inside the group: when it throws or is
/// refused, only its own changes are undone, and the rest of the group commits.</remarks>
internal sealed class StoreWriter : IAsyncDisposable
{
    public const int DefaultMaxWeightPerCommit = 20_000;

    /// <summary>The writer thread's name (Linux shows its first 15 characters).</summary>
    public const string WriterThreadName = "bh-store-writer";

    /// <summary>Observations (weight) queued or being committed at once; see <see cref="WeightBudget"/>.</summary>
    public const int DefaultMaxQueuedWeight = 40_000;

    // Bounds the number of queued items (many small ones: heartbeats, reports); the weight budget bounds the
    // observations they hold. Either one full makes ingest streams wait (HTTP/2 flow control then slows the agents).
    private const int QueueCapacity = 4096;

    /// <summary>How often a run of commits failing for the same reason is logged again.</summary>
    internal const int RepeatedFailureLogEvery = 100;

    private readonly SqliteConnectionFactory _connections;
    private readonly ILogger<StoreWriter> _logger;
    private readonly Channel<WriteItem> _queue = Channel.CreateBounded<WriteItem>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly WeightBudget _budget;
    private int _failedInARow;
    private int? _failedCode;
    private Task? _loop;
    private long _commits;
    private volatile Exception? _lastFailure;

    public StoreWriter(SqliteConnectionFactory connections, ILogger<StoreWriter> logger,
        int maxWeightPerCommit = DefaultMaxWeightPerCommit, int maxQueuedWeight = DefaultMaxQueuedWeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWeightPerCommit, 1);
        _connections = connections;
        _logger = logger;
        MaxWeightPerCommit = maxWeightPerCommit;
        _budget = new WeightBudget(maxQueuedWeight);
    }

    public int MaxWeightPerCommit { get; }

    /// <summary>True from <see cref="Start"/> until the writer stops (or its loop ends).</summary>
    public bool IsRunning => _loop is { IsCompleted: false } && !_queue.Reader.Completion.IsCompleted;

    /// <summary>Transactions committed so far.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Why the last transaction failed; null once one commits again (and before the first).</summary>
    public Exception? LastFailure => _lastFailure;

    /// <summary>Opens the write connection (so a database that cannot be opened fails start-up, not the first
    /// agent) and starts committing.</summary>
    public void Start()
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("The store writer is already running.");
        }

        var connection = _connections.OpenWriter();
        var session = new WriteSession(connection);

        // SQLite work and the disk sync block; on a thread of its own they cannot starve the thread pool that the
        // gRPC streams run on (a machine with two cores starts with only two pool threads).
        _loop = Task.Factory.StartNew(() => Run(connection, session), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Queues <paramref name="work"/>; waits only while the queue is full. The returned task completes
    /// with the work's result once its transaction is committed, or fails if it is not.</summary>
    /// <param name="weight">How many observations the work writes; it bounds the size of one transaction.</param>
    public async ValueTask<Task<T>> EnqueueAsync<T>(Func<WriteSession, T> work, int weight, CancellationToken cancellationToken)
    {
        var item = new WriteItem<T>(work, Math.Max(weight, 1));
        await QueueAsync(item, cancellationToken);
        return item.Completion;
    }

    public async Task<T> ExecuteAsync<T>(Func<WriteSession, T> work, CancellationToken cancellationToken, int weight = 1) =>
        await await EnqueueAsync(work, weight, cancellationToken);

    /// <summary>Runs a store's <paramref name="work"/> in the next group's transaction, in a savepoint of its own, and
    /// completes once the group is committed. The work runs on the writer's thread: it must not wait for anything.</summary>
    /// <param name="commits">Refuses the work's result (a change found not allowed after it was tried): its
    /// savepoint is rolled back and the result still returned. Null: always kept.</param>
    /// <exception cref="StoreUnavailableException">The group could not be committed; nothing of it was stored.</exception>
    /// <remarks>An exception of the work itself is the caller's (its savepoint rolled back, the group unharmed).</remarks>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, Func<T, bool>? commits = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var item = new CommandItem<T>(work, commits ?? (_ => true));
        await QueueAsync(item, cancellationToken);
        return await item.Completion;
    }

    private async ValueTask QueueAsync(WriteItem item, CancellationToken cancellationToken)
    {
        await _budget.TakeAsync(item.Weight, cancellationToken);
        try
        {
            await _queue.Writer.WriteAsync(item, cancellationToken);
        }
        catch (ChannelClosedException ex)
        {
            _budget.Return(item.Weight);
            throw new StoreUnavailableException("The store is shutting down.", ex);
        }
        catch
        {
            _budget.Return(item.Weight);
            throw;
        }
    }

    /// <summary>Commits what is queued, then stops. Work queued afterwards fails with
    /// <see cref="StoreUnavailableException"/>.</summary>
    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Run(Microsoft.Data.Sqlite.SqliteConnection connection, WriteSession session)
    {
        // Named so that it can be told apart in top -H, perf and the ingest benchmark's CPU figures.
        Thread.CurrentThread.Name = WriterThreadName;
        var group = new List<WriteItem>();
        try
        {
            while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                group.Clear();
                var weight = 0;
                while (weight < MaxWeightPerCommit && _queue.Reader.TryRead(out var item))
                {
                    group.Add(item);
                    weight += item.Weight;
                }

                Commit(session, group, weight);
                _budget.Return(weight);
            }
        }
        finally
        {
            session.Dispose();
            connection.Dispose();
        }
    }

    private void Commit(WriteSession session, List<WriteItem> group, int weight)
    {
        try
        {
            session.Begin();
            foreach (var item in group)
            {
                item.Apply(session);
            }

            session.Commit();
        }
        catch (Exception ex)
        {
            _lastFailure = ex;
            LogFailure(ex, group.Count, weight);
            RollBack(session);
            foreach (var item in group)
            {
                item.Fail(ex);
            }

            return;
        }

        _lastFailure = null;
        if (_failedInARow > 0)
        {
            Log.CommitsRecovered(_logger, _failedInARow);
            (_failedInARow, _failedCode) = (0, null);
        }

        Interlocked.Increment(ref _commits);
        foreach (var item in group)
        {
            item.Complete();
        }
    }

    /// <summary>The first failed commit is logged with its exception; further ones that SQLite refuses for the same
    /// reason (a full disk: every batch of every agent) only every <see cref="RepeatedFailureLogEvery"/>th time,
    /// as a count without the stack, so the log does not fill what is left of the disk.</summary>
    private void LogFailure(Exception ex, int items, int observations)
    {
        var code = (ex as SqliteException)?.SqliteErrorCode;
        if (code is not null && code == _failedCode)
        {
            if (++_failedInARow % RepeatedFailureLogEvery == 0)
            {
                Log.CommitsStillFailing(_logger, _failedInARow, ex.Message);
            }

            return;
        }

        (_failedInARow, _failedCode) = (1, code);
        Log.CommitFailed(_logger, items, observations, ex);
    }

    private void RollBack(WriteSession session)
    {
        try
        {
            session.Rollback();
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            // SQLite may already have rolled back (e.g. on a full disk); the next Begin starts afresh either way.
            Log.RollbackFailed(_logger, ex);
        }
    }

    private abstract class WriteItem(int weight)
    {
        public int Weight { get; } = weight;

        public abstract void Apply(WriteSession session);

        public abstract void Complete();

        public abstract void Fail(Exception exception);

        protected static StoreUnavailableException NotStored(Exception exception) =>
            new("The store could not commit; nothing of this write was stored.", exception);
    }

    private sealed class WriteItem<T>(Func<WriteSession, T> work, int weight) : WriteItem(weight)
    {
        // Callers' continuations must not run on the writer's thread.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Completion => _completion.Task;

        public override void Apply(WriteSession session) => _result = work(session);

        public override void Complete() => _completion.TrySetResult(_result!);

        public override void Fail(Exception exception) => _completion.TrySetException(NotStored(exception));
    }

    /// <summary>A store's command in a savepoint of its own: its failure or refusal undoes only its own changes.</summary>
    private sealed class CommandItem<T>(Func<SqliteConnection, SqliteTransaction, T> work, Func<T, bool> commits) : WriteItem(1)
    {
        private const string Savepoint = "command";

        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private ExceptionDispatchInfo? _error;

        public Task<T> Completion => _completion.Task;

        public override void Apply(WriteSession session)
        {
            var transaction = session.Transaction;
            transaction.Save(Savepoint);
            try
            {
                _result = work(session.Connection, transaction);
                if (commits(_result))
                {
                    transaction.Release(Savepoint);
                    return;
                }
            }
            catch (Exception ex)
            {
                _error = ExceptionDispatchInfo.Capture(ex);
            }

            // When SQLite has already ended the whole transaction (a full disk), this throws and the group fails.
            transaction.Rollback(Savepoint);
            transaction.Release(Savepoint);
        }

        public override void Complete()
        {
            if (_error is not null)
            {
                _completion.TrySetException(_error.SourceException);
                return;
            }

            _completion.TrySetResult(_result!);
        }

        public override void Fail(Exception exception) => _completion.TrySetException(NotStored(exception));
    }
}
