using BackupHealth.Collector.Store.Sqlite.Schema;

namespace BackupHealth.Collector.Store.Sqlite;

/// <summary>Ready means the store takes writes. The writer runs (it starts only after the migrations are applied), the
/// database passed its integrity check at start, and a small write commits through the writer: it rewrites one page,
/// so the commit must reach the disk — an empty transaction would succeed on a full disk. The probe shares the group
/// commit with ingest, so when ingest cannot commit, neither can it. When it cannot finish within the check's time,
/// the last commit's outcome says why.</summary>
internal sealed class SqliteStoreReadiness(StoreWriter writer, StoreIntegrity integrity) : IStoreReadiness
{
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        if (!writer.IsRunning)
        {
            return "the store is not open: starting, stopping, or it could not be opened";
        }

        try
        {
            if (await integrity.Problems.WaitAsync(cancellationToken) is { } problems)
            {
                return $"the database failed its integrity check at start (quick_check): {problems}";
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return "the database's integrity check (quick_check) at start has not finished yet";
        }

        try
        {
            await writer.ExecuteAsync(session =>
            {
                session.Probe();
                return true;
            }, cancellationToken);
            return null;
        }
        catch (StoreUnavailableException ex)
        {
            return $"the store does not take writes: {Why(ex.InnerException ?? ex)}";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return writer.LastFailure is { } failure
                ? $"no write committed in time; the last commit failed: {Why(failure)}"
                : "no write committed in time: the store is busy or stuck";
        }
    }

    private static string Why(Exception exception) => exception.Message.ReplaceLineEndings(" ");
}
