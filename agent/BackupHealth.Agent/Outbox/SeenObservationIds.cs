using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using BackupHealth.FilesAtRest;

namespace BackupHealth.Agent.Outbox;

/// <summary>Ids of observations already queued, kept in an append-only file (<c>seen.ids</c>, one
/// <c>&lt;unix seconds&gt; &lt;id&gt;</c> per line) so a probe cycle queues only new facts, also after a restart.
/// Entries older than <see cref="Retention"/> are dropped at start; should a fact that old be seen again it is
/// re-sent, which the collector de-duplicates.</summary>
internal sealed class SeenObservationIds : IDisposable
{
    public const string FileName = "seen.ids";
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private readonly string _path;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SeenObservationIds> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);

    // Lines a full disk refused, written before the next ones.
    private readonly StringBuilder _unwritten = new();

    public SeenObservationIds(string dataPath, TimeProvider timeProvider, ILogger<SeenObservationIds> logger)
    {
        ArgumentNullException.ThrowIfNull(dataPath);
        _timeProvider = timeProvider;
        _logger = logger;
        OwnerOnly.CreateFolder(dataPath);
        _path = Path.Combine(dataPath, FileName);
        var pruned = Load();
        Compact();
        Log.SeenIdsLoaded(logger, _seen.Count, pruned);
    }

    public int Count
    {
        get
        {
            _gate.Wait();
            try
            {
                return _seen.Count;
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    public bool Contains(string id)
    {
        _gate.Wait();
        try
        {
            return _seen.ContainsKey(id);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Remembers the ids, in memory at once and on disk (flushed) before returning. When the disk refuses
    /// (it is full), they stay remembered in memory and their lines are written with the next ones: the ids are
    /// settled for this process either way, and at worst a restart before then sends those facts once more.</summary>
    public async Task AddAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var lines = new StringBuilder();
            var count = 0;
            foreach (var id in ids)
            {
                if (_seen.TryAdd(id, now))
                {
                    lines.Append(CultureInfo.InvariantCulture, $"{now} {id}\n");
                    count++;
                }
            }

            if (lines.Length == 0 && _unwritten.Length == 0)
            {
                return;
            }

            await AppendAsync(lines, count, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <returns>How many entries were dropped as too old.</returns>
    private int Load()
    {
        if (!File.Exists(_path))
        {
            return 0;
        }

        var oldest = (_timeProvider.GetUtcNow() - Retention).ToUnixTimeSeconds();
        var pruned = 0;
        foreach (var line in File.ReadLines(_path))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            // A torn last line after a crash is skipped: at worst that fact is sent once more.
            if (space <= 0 || space == line.Length - 1
                || !long.TryParse(line.AsSpan(0, space), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seenAt))
            {
                continue;
            }

            if (seenAt < oldest)
            {
                pruned++;
                continue;
            }

            _seen[line[(space + 1)..]] = seenAt;
        }

        return pruned;
    }

    private async Task AppendAsync(StringBuilder lines, int count, CancellationToken cancellationToken)
    {
        if (_unwritten.Length > 0)
        {
            // The refused write may have left part of a line: a newline ends it, and Load skips what it cannot read.
            lines.Insert(0, _unwritten.Insert(0, '\n').ToString());
            _unwritten.Clear();
        }

        try
        {
            await using var stream = OwnerOnly.OpenWrite(_path, FileMode.Append, FileShare.Read, FileOptions.Asynchronous);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(lines.ToString()), cancellationToken);
            stream.Flush(flushToDisk: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _unwritten.Append(lines);
            Log.SeenIdsNotWritten(_logger, count, ex.Message);
        }
    }

    private void Compact()
    {
        try
        {
            AtomicFile.Write(_path, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
                foreach (var (id, seenAt) in _seen)
                {
                    writer.Write(string.Create(CultureInfo.InvariantCulture, $"{seenAt} {id}\n"));
                }
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A full disk at start: the file as it is still holds every id (and the pruned ones, which do no harm).
            Log.SeenIdsNotCompacted(_logger, ex.Message);
        }
    }
}
