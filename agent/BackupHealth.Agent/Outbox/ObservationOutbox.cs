using System.Globalization;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using BackupHealth.FilesAtRest;

namespace BackupHealth.Agent.Outbox;

/// <summary>The durable queue between probes and the collector. An observation is on disk (flushed) before it can be
/// sent and is deleted only after the collector acknowledged the batch that carried it. The queue is bounded by
/// <see cref="OutboxLimits"/>: to stay within them only healthy successes are dropped, the oldest first; when nothing
/// else may go, a new file is refused (<see cref="OutboxFullException"/>) rather than a failure dropped.</summary>
/// <remarks>Each file is written as <c>&lt;sequence:D16&gt;.obs.tmp</c>, flushed to the device and renamed to
/// <c>.obs</c>, so a crash leaves either a whole file or a <c>.tmp</c> that is discarded at the next start; a write
/// that fails (a full disk) deletes its <c>.tmp</c> at once.</remarks>
internal sealed class ObservationOutbox
{
    public const string FolderName = "outbox";
    public const string CorruptFolderName = "corrupt";
    public const string RejectedFolderName = "rejected";
    private const string FileExtension = ".obs";
    private const string TempExtension = AtomicFile.TemporarySuffix;

    /// <summary>Headroom under the collector's message limit for the batch envelope.</summary>
    internal const int MaxBatchBytes = ObservationLimits.MaxMessageBytes - (64 * 1024);

    private readonly string _folder;
    private readonly int _maxFileObservations;
    private readonly OutboxLimits _limits;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ObservationOutbox> _logger;

    // One writer at a time (making room, then writing); taken before _gate, never inside it.
    private readonly Lock _writeGate = new();
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, OutboxFile> _waiting = [];
    private readonly Dictionary<long, OutboxFile> _inFlight = [];
    private readonly AsyncSignal _dataArrived = new();
    private long _nextSequence;
    private long _depth;
    private long _bytes;

    public ObservationOutbox(string folder, int maxFileObservations, TimeProvider timeProvider, ILogger<ObservationOutbox> logger)
        : this(folder, maxFileObservations, OutboxLimits.Default, timeProvider, logger)
    {
    }

    public ObservationOutbox(string folder, int maxFileObservations, OutboxLimits limits, TimeProvider timeProvider, ILogger<ObservationOutbox> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFileObservations, 1);
        ArgumentNullException.ThrowIfNull(limits);
        _folder = Path.GetFullPath(folder);
        _maxFileObservations = maxFileObservations;
        _limits = limits;
        _timeProvider = timeProvider;
        _logger = logger;
        OwnerOnly.CreateFolder(_folder);
        Recover();
        lock (_writeGate)
        {
            // What waited past OutboxMaxAge while the agent was stopped, or beyond a lowered OutboxMaxBytes.
            MakeRoom(0);
        }
    }

    public string Folder => _folder;

    /// <summary>Observations on disk not yet acknowledged, including those in flight.</summary>
    public long Depth
    {
        get
        {
            lock (_gate)
            {
                return _depth;
            }
        }
    }

    /// <summary>Bytes of the outbox files on disk, including those in flight.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>As <see cref="AppendAsync(IReadOnlyList{Observation}, Func{IReadOnlyList{Observation}, CancellationToken, Task}, CancellationToken)"/>,
    /// for a caller that keeps no record of what was written.</summary>
    public Task<int> AppendAsync(IReadOnlyList<Observation> observations, CancellationToken cancellationToken) =>
        AppendAsync(observations, static (_, _) => Task.CompletedTask, cancellationToken);

    /// <summary>Checks each observation as the collector would, drops (and logs) the invalid ones, and writes the rest
    /// to disk in files of at most the configured number of observations.</summary>
    /// <param name="settled">Told, before the next file is written, of observations that need not be offered again:
    /// those just written in one file, and those dropped as invalid. A failure part-way through therefore leaves
    /// everything before it settled, and the next probe run offers only the rest.</param>
    /// <returns>How many observations were queued.</returns>
    /// <exception cref="OutboxFullException">A file could not be written; the files before it were.</exception>
    public async Task<int> AppendAsync(
        IReadOnlyList<Observation> observations, Func<IReadOnlyList<Observation>, CancellationToken, Task> settled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(settled);
        var (valid, invalid) = Validate(observations);
        if (invalid.Count > 0)
        {
            await settled(invalid, cancellationToken);
        }

        foreach (var chunk in Chunk(valid))
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteFile(chunk);
            await settled(chunk, cancellationToken);
        }

        return valid.Count;
    }

    /// <summary>Takes the oldest waiting files, whole, up to <paramref name="maxObservations"/> observations (at least
    /// one file) and below the collector's message size; they are in flight until acknowledged or returned.</summary>
    public OutboxBatch? TryTakeBatch(int maxObservations)
    {
        while (true)
        {
            var files = SelectBatchFiles(maxObservations);
            if (files.Count == 0)
            {
                return null;
            }

            var taken = new List<OutboxFile>(files.Count);
            var observations = new List<Observation>();
            foreach (var file in files)
            {
                var read = TryRead(file.Path);
                if (read is null)
                {
                    Forget(file, _inFlight);
                    continue;
                }

                taken.Add(file);
                observations.AddRange(read);
            }

            if (taken.Count > 0)
            {
                return new OutboxBatch(taken, observations);
            }
        }
    }

    /// <summary>The collector committed the batch: its files leave the disk.</summary>
    public void Acknowledge(OutboxBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var file in batch.Files)
        {
            File.Delete(file.Path);
            Forget(file, _inFlight);
        }
    }

    /// <summary>The collector refused the batch for good: its files move to <c>rejected/</c> and are never resent.</summary>
    public void Reject(OutboxBatch batch, string reason)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var file in batch.Files)
        {
            MoveAside(file.Path, RejectedFolderName);
            Forget(file, _inFlight);
            Log.OutboxFileRejected(_logger, Path.GetFileName(file.Path), file.Count, reason);
        }
    }

    /// <summary>The stream ended: everything in flight without an ack waits to be sent again.</summary>
    public void ReturnInFlight()
    {
        bool any;
        lock (_gate)
        {
            any = _inFlight.Count > 0;
            foreach (var (sequence, file) in _inFlight)
            {
                _waiting[sequence] = file;
            }

            _inFlight.Clear();
        }

        if (any)
        {
            _dataArrived.Set();
        }
    }

    /// <summary>Completes when there may be something to take; callers try <see cref="TryTakeBatch"/> again.</summary>
    public ValueTask WaitForDataAsync(CancellationToken cancellationToken) => _dataArrived.WaitAsync(cancellationToken);

    private void Recover()
    {
        foreach (var leftover in Directory.EnumerateFiles(_folder, "*" + TempExtension))
        {
            // A write that crashed before its rename: never visible, never sent, so it is not lost data.
            File.Delete(leftover);
        }

        long highest = 0;
        foreach (var path in Directory.EnumerateFiles(_folder, "*" + FileExtension))
        {
            if (!long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                MoveToCorrupt(path, "the name is not a sequence number");
                continue;
            }

            highest = Math.Max(highest, sequence);
            if (TryRead(path) is { } observations)
            {
                Add(OutboxFile.Of(sequence, path, observations, new FileInfo(path).Length));
            }
        }

        _nextSequence = highest + 1;
        if (_waiting.Count > 0)
        {
            _dataArrived.Set();
        }

        Log.OutboxOpened(_logger, _folder, _waiting.Count, _depth);
    }

    private (List<Observation> Valid, List<Observation> Invalid) Validate(IReadOnlyList<Observation> observations)
    {
        var now = _timeProvider.GetUtcNow();
        var valid = new List<Observation>(observations.Count);
        var invalid = new List<Observation>();
        foreach (var observation in observations)
        {
            var error = ObservationValidator.Validate(observation, now, ObservationLimits.DefaultMaxClockSkew);
            if (error is null)
            {
                valid.Add(observation);
            }
            else
            {
                // The collector would refuse it forever, so queueing it would only block the queue.
                Log.ObservationDropped(_logger, observation.ProbeName, observation.Id, error);
                invalid.Add(observation);
            }
        }

        return (valid, invalid);
    }

    private IEnumerable<List<Observation>> Chunk(List<Observation> observations)
    {
        var chunk = new List<Observation>();
        long bytes = 0;
        foreach (var observation in observations)
        {
            var size = OutboxFileFormat.DelimitedSize(observation);
            if (chunk.Count > 0 && (chunk.Count == _maxFileObservations || bytes + size > MaxBatchBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(observation);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private void WriteFile(List<Observation> observations)
    {
        var content = OutboxFileFormat.Serialize(observations);
        lock (_writeGate)
        {
            if (!MakeRoom(content.Length))
            {
                throw new OutboxFullException(string.Create(CultureInfo.InvariantCulture,
                    $"it holds {Bytes} bytes, Agent:OutboxMaxBytes is {_limits.MaxBytes}, and nothing waiting in it may be dropped (only healthy successes are)"));
            }

            long sequence;
            lock (_gate)
            {
                sequence = _nextSequence++;
            }

            var path = Path.Combine(_folder, sequence.ToString("D16", CultureInfo.InvariantCulture) + FileExtension);
            try
            {
                AtomicFile.Write(path, content);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new OutboxFullException($"cannot write {Path.GetFileName(path)}: {ex.Message}", ex);
            }

            Add(OutboxFile.Of(sequence, path, observations, content.Length));
        }

        _dataArrived.Set();
    }

    /// <summary>Drops healthy successes that waited longer than <see cref="OutboxLimits.MaxAge"/> and then, while
    /// <paramref name="incoming"/> more bytes would take the outbox over <see cref="OutboxLimits.MaxBytes"/>, the oldest
    /// waiting healthy successes. Files in flight are left alone: their ack is what frees them.</summary>
    /// <returns>Whether <paramref name="incoming"/> bytes fit now; an empty outbox takes any one file.</returns>
    private bool MakeRoom(long incoming)
    {
        var cutoff = _timeProvider.GetUtcNow() - _limits.MaxAge;
        foreach (var file in WaitingWithDroppable())
        {
            var needed = Bytes + incoming - _limits.MaxBytes;
            if ((needed > 0 || file.OldestDroppable < cutoff) && Claim(file) && !DropFrom(file, cutoff, needed))
            {
                break;
            }
        }

        var bytes = Bytes;
        return bytes == 0 || bytes + incoming <= _limits.MaxBytes;
    }

    /// <summary>Rewrites a claimed file without its aged healthy successes and, while <paramref name="needed"/> bytes
    /// are still wanted, without its other healthy successes from the oldest on; deletes it when nothing is left.</summary>
    /// <returns>False when the disk refused the rewrite (the file is then as it was).</returns>
    private bool DropFrom(OutboxFile file, DateTimeOffset cutoff, long needed)
    {
        if (TryRead(file.Path) is not { } observations)
        {
            Release(file, replacement: null);
            return true;
        }

        var kept = new List<Observation>(observations.Count);
        var (aged, forRoom) = (0, 0);
        foreach (var observation in observations)
        {
            if (OutboxFile.MayBeDropped(observation) && observation.ObservedAt is { } at && at.ToDateTimeOffset() < cutoff)
            {
                aged++;
            }
            else if (OutboxFile.MayBeDropped(observation) && needed > 0)
            {
                needed -= OutboxFileFormat.DelimitedSize(observation);
                forRoom++;
            }
            else
            {
                kept.Add(observation);
            }
        }

        OutboxFile? replacement = null;
        try
        {
            if (kept.Count == 0)
            {
                File.Delete(file.Path);
            }
            else
            {
                var content = OutboxFileFormat.Serialize(kept);
                AtomicFile.Write(file.Path, content);
                replacement = OutboxFile.Of(file.Sequence, file.Path, kept, content.Length);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.OutboxDropFailed(_logger, Path.GetFileName(file.Path), ex.Message);
            Release(file, file);
            return false;
        }

        Release(file, replacement);
        Log.OutboxDroppedSuccesses(_logger, aged + forRoom, Path.GetFileName(file.Path), aged, forRoom);
        return true;
    }

    private List<OutboxFile> WaitingWithDroppable()
    {
        lock (_gate)
        {
            return _waiting.Values.Where(f => f.Droppable > 0).ToList();
        }
    }

    /// <summary>Takes a waiting file out of the queue to rewrite it; false when it was taken for sending meanwhile.</summary>
    private bool Claim(OutboxFile file)
    {
        lock (_gate)
        {
            return _waiting.Remove(file.Sequence);
        }
    }

    /// <summary>Ends a claim: the file is gone (null), or back in the queue as <paramref name="replacement"/>.</summary>
    private void Release(OutboxFile claimed, OutboxFile? replacement)
    {
        lock (_gate)
        {
            _depth -= claimed.Count;
            _bytes -= claimed.Bytes;
        }

        if (replacement is not null)
        {
            Add(replacement);
            _dataArrived.Set();
        }
    }

    private void Add(OutboxFile file)
    {
        lock (_gate)
        {
            _waiting[file.Sequence] = file;
            _depth += file.Count;
            _bytes += file.Bytes;
        }
    }

    private List<OutboxFile> SelectBatchFiles(int maxObservations)
    {
        lock (_gate)
        {
            var files = new List<OutboxFile>();
            var count = 0;
            long bytes = 0;
            foreach (var file in _waiting.Values)
            {
                if (files.Count > 0 && (count + file.Count > maxObservations || bytes + file.Bytes > MaxBatchBytes))
                {
                    break;
                }

                files.Add(file);
                count += file.Count;
                bytes += file.Bytes;
            }

            foreach (var file in files)
            {
                _waiting.Remove(file.Sequence);
                _inFlight[file.Sequence] = file;
            }

            return files;
        }
    }

    /// <returns>The file's observations, or null when it was unreadable and has been moved to <c>corrupt/</c>.</returns>
    private List<Observation>? TryRead(string path)
    {
        try
        {
            return OutboxFileFormat.Read(path);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            MoveToCorrupt(path, ex.Message);
            return null;
        }
    }

    private void MoveToCorrupt(string path, string reason)
    {
        Log.OutboxFileCorrupt(_logger, Path.GetFileName(path), reason);
        MoveAside(path, CorruptFolderName);
    }

    private void MoveAside(string path, string folderName)
    {
        var target = Path.Combine(_folder, folderName);
        try
        {
            OwnerOnly.CreateFolder(target);
            File.Move(path, Path.Combine(target, Path.GetFileName(path)), overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Forgotten either way, so it cannot block the queue; it will be looked at again at the next start.
            Log.OutboxMoveFailed(_logger, Path.GetFileName(path), folderName, ex);
        }
    }

    private void Forget(OutboxFile file, Dictionary<long, OutboxFile> from)
    {
        lock (_gate)
        {
            if (from.Remove(file.Sequence))
            {
                _depth -= file.Count;
                _bytes -= file.Bytes;
            }
        }
    }
}
