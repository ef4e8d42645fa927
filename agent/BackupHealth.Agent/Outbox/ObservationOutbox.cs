using System.Globalization;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Outbox;

/// <summary>The durable queue between probes and the collector. An observation is on disk (flushed) before it can be
/// sent and is deleted only after the collector acknowledged the batch that carried it.</summary>
/// <remarks>Each append writes <c>&lt;sequence:D16&gt;.tmp</c>, flushes it to the device and renames it to
/// <c>.obs</c>, so a crash leaves either a whole file or a <c>.tmp</c> that is discarded at the next start.</remarks>
internal sealed class ObservationOutbox
{
    public const string FolderName = "outbox";
    public const string CorruptFolderName = "corrupt";
    public const string RejectedFolderName = "rejected";
    private const string FileExtension = ".obs";
    private const string TempExtension = ".tmp";

    /// <summary>Headroom under the collector's message limit for the batch envelope.</summary>
    internal const int MaxBatchBytes = ObservationLimits.MaxMessageBytes - (64 * 1024);

    /// <summary>How far in the future an observation's times may be, matching what the collector accepts.</summary>
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(10);

    private readonly string _folder;
    private readonly int _maxFileObservations;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ObservationOutbox> _logger;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, OutboxFile> _waiting = [];
    private readonly Dictionary<long, OutboxFile> _inFlight = [];
    private readonly AsyncSignal _dataArrived = new();
    private long _nextSequence;
    private long _depth;

    public ObservationOutbox(string folder, int maxFileObservations, TimeProvider timeProvider, ILogger<ObservationOutbox> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFileObservations, 1);
        _folder = Path.GetFullPath(folder);
        _maxFileObservations = maxFileObservations;
        _timeProvider = timeProvider;
        _logger = logger;
        Directory.CreateDirectory(_folder);
        Recover();
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

    /// <summary>Checks each observation as the collector would, drops (and logs) the invalid ones, and writes the rest
    /// to disk in files of at most the configured number of observations.</summary>
    /// <returns>How many observations were queued.</returns>
    public async Task<int> AppendAsync(IReadOnlyList<Observation> observations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var valid = Validate(observations);
        foreach (var chunk in Chunk(valid))
        {
            await WriteFileAsync(chunk, cancellationToken);
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
            var observations = TryRead(path);
            if (observations is not null)
            {
                _waiting[sequence] = new OutboxFile(sequence, path, observations.Count, new FileInfo(path).Length);
                _depth += observations.Count;
            }
        }

        _nextSequence = highest + 1;
        if (_waiting.Count > 0)
        {
            _dataArrived.Set();
        }

        Log.OutboxOpened(_logger, _folder, _waiting.Count, _depth);
    }

    private List<Observation> Validate(IReadOnlyList<Observation> observations)
    {
        var now = _timeProvider.GetUtcNow();
        var valid = new List<Observation>(observations.Count);
        foreach (var observation in observations)
        {
            var error = ObservationValidator.Validate(observation, now, MaxClockSkew);
            if (error is null)
            {
                valid.Add(observation);
            }
            else
            {
                // The collector would refuse it forever, so queueing it would only block the queue.
                Log.ObservationDropped(_logger, observation.ProbeName, observation.Id, error);
            }
        }

        return valid;
    }

    private IEnumerable<List<Observation>> Chunk(List<Observation> observations)
    {
        var chunk = new List<Observation>();
        long bytes = 0;
        foreach (var observation in observations)
        {
            var size = DelimitedSize(observation);
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

    private static long DelimitedSize(Observation observation)
    {
        var size = observation.CalculateSize();
        return CodedOutputStream.ComputeLengthSize(size) + size;
    }

    private async Task WriteFileAsync(List<Observation> observations, CancellationToken cancellationToken)
    {
        long sequence;
        lock (_gate)
        {
            sequence = _nextSequence++;
        }

        var name = sequence.ToString("D16", CultureInfo.InvariantCulture);
        var tempPath = Path.Combine(_folder, name + TempExtension);
        var finalPath = Path.Combine(_folder, name + FileExtension);
        using var buffer = new MemoryStream();
        foreach (var observation in observations)
        {
            observation.WriteDelimitedTo(buffer);
        }

        await using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(tempPath, finalPath);
        lock (_gate)
        {
            _waiting[sequence] = new OutboxFile(sequence, finalPath, observations.Count, buffer.Length);
            _depth += observations.Count;
        }

        _dataArrived.Set();
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
            var bytes = File.ReadAllBytes(path);
            var observations = new List<Observation>();
            var offset = 0;
            while (offset < bytes.Length)
            {
                // Each record is its length, then that many bytes. A record cut short is corruption: parsing it as
                // the stream's remainder would make a bogus observation that gets the whole batch refused.
                var length = new CodedInputStream(bytes, offset, bytes.Length - offset).ReadLength();
                var start = offset + CodedOutputStream.ComputeLengthSize(length);
                if (length < 0 || length > bytes.Length - start)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                        $"the record at byte {offset} promises {length} bytes, {bytes.Length - start} are left"));
                }

                observations.Add(Observation.Parser.ParseFrom(bytes, start, length));
                offset = start + length;
            }

            if (observations.Count == 0)
            {
                throw new InvalidDataException("the file is empty");
            }

            return observations;
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
            Directory.CreateDirectory(target);
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
            }
        }
    }
}
