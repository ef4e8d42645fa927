using BackupHealth.Collector.Store;
using BackupHealth.Collector.Telemetry;
using BackupHealth.Collector.Web.Auth;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Audit;

/// <summary>The audit log: stamps each entry with the time, cleans and cuts its texts and appends it to the store
/// (<see cref="IAuditStore"/>). A row that cannot be stored is logged whole instead.</summary>
internal sealed class AuditLog(IAuditStore store, TimeProvider time, ILogger<AuditLog> logger) : IAuditLog
{
    public const int MaxActorLength = 200;
    public const int MaxTextLength = 500;

    public async Task RecordAsync(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = time.GetUtcNow();
        var row = entry with { Actor = Cut(entry.Actor, MaxActorLength), Target = Cut(entry.Target, MaxTextLength), Detail = Cut(entry.Detail, MaxTextLength) };
        try
        {
            await store.AppendAsync(row, at);
        }
        catch (Exception e) when (e is StoreUnavailableException or InvalidOperationException or IOException)
        {
            // A failed sign-in for a name that matches no user has the name as typed as its actor, maybe a password
            // typed into the wrong field: not for the log.
            var (actor, target) = entry is { Action: AuditActions.SignInFailed, Detail: SignInResult.UnknownUser }
                ? (LogText.HiddenName(entry.Actor), AuditTargets.User(LogText.HiddenName(entry.Actor)))
                : (entry.Actor, entry.Target);
            Log.AuditWriteFailed(logger, entry.Action, actor, entry.Address ?? "", target, entry.Customer ?? "", entry.Detail, e);
        }
    }

    private static string Cut(string text, int max)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return clean.Length <= max ? clean : clean[..max];
    }
}
