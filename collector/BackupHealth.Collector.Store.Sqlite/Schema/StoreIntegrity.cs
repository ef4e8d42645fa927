using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Store.Sqlite.Schema;

/// <summary>SQLite's <c>PRAGMA quick_check</c> of the whole database once per start, on a read-only connection of its
/// own and a thread of its own, so that a large database does not hold up the start while it is read once. Until it
/// has passed the collector is not ready; when it fails it stays not ready and says why (a damaged page found now is
/// better than a commit that fails on it at night). quick_check reads every page and checks the B-trees' structure,
/// not that indexes match their tables (integrity_check would, at several times the cost).</summary>
internal sealed class StoreIntegrity(SqliteConnectionFactory connections, TimeProvider time, ILogger<StoreIntegrity> logger) : BackgroundService
{
    /// <summary>Problems quick_check reports at most; the first few say enough.</summary>
    public const int MaxProblems = 10;

    private const int SqliteInterrupt = 9;

    private readonly TaskCompletionSource<string?> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with null when the database passed, or with what quick_check found.</summary>
    public Task<string?> Problems => _result.Task;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        var started = time.GetTimestamp();
        string? problems;
        try
        {
            problems = QuickCheck(stoppingToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteInterrupt && stoppingToken.IsCancellationRequested)
        {
            _result.TrySetCanceled(stoppingToken);
            return;
        }
        catch (SqliteException ex)
        {
            // So damaged that SQLite gave up reading it (SQLITE_CORRUPT, SQLITE_NOTADB): that is the finding.
            problems = ex.Message;
        }

        if (problems is null)
        {
            Log.StoreIntegrityPassed(logger, time.GetElapsedTime(started));
        }
        else
        {
            Log.StoreIntegrityFailed(logger, connections.DatabasePath, problems);
        }

        _result.TrySetResult(problems);
    }

    /// <returns>null for "ok", else quick_check's findings on one line.</returns>
    private string? QuickCheck(CancellationToken stoppingToken)
    {
        using var connection = connections.OpenReader();
        // A stop during the check interrupts it rather than waiting for the last page.
        using var interrupt = stoppingToken.Register(() => SQLitePCL.raw.sqlite3_interrupt(connection.Handle));
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA quick_check({MaxProblems})";
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(0));
        }

        return lines is ["ok"] ? null : string.Join("; ", lines.SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
    }
}
