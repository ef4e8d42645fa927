using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Alerts.Handling;

/// <summary>The changes people make through the API, in words for them. Each is one unit of work of the store
/// (<see cref="IAlertCommandStore"/>), which serialises it with the ingest writer and the evaluator, so an
/// acknowledgement can never be lost between an evaluation's read and its write.</summary>
internal sealed class AlertCommands(IAlertCommandStore store, TimeProvider time)
{
    public async Task<CommandResult> AcknowledgeAsync(long id, string by, string comment)
    {
        var action = await store.AcknowledgeAsync(id, by, comment, time.GetUtcNow());
        return action.Status switch
        {
            AlertActionStatus.Resolved => CommandResult.Conflict($"alert {id} is resolved"),
            AlertActionStatus.Acknowledged => CommandResult.Conflict($"alert {id} is already acknowledged by {action.AcknowledgedBy}"),
            _ => Of(action, id),
        };
    }

    /// <summary>Resolves by hand. The resolution is notified at the next evaluation (if the firing was); if the
    /// condition still holds then, that evaluation opens a new alert.</summary>
    public async Task<CommandResult> ResolveAsync(long id, string by, string comment)
    {
        var action = await store.ResolveAsync(id, by, comment, time.GetUtcNow());
        return action.Status == AlertActionStatus.Resolved ? CommandResult.Conflict($"alert {id} is already resolved") : Of(action, id);
    }

    public async Task<CommandResult> CreateSilenceAsync(NewSilence s) =>
        CommandResult.Done(await store.AddSilenceAsync(s, time.GetUtcNow()));

    /// <summary>Ends a silence now; one that has not started yet never will. Expiring an expired one changes nothing.</summary>
    public async Task<CommandResult> ExpireSilenceAsync(long id) =>
        await store.ExpireSilenceAsync(id, time.GetUtcNow()) ? CommandResult.Done(id) : CommandResult.NotFound;

    public async Task<CommandResult> CreateWindowAsync(NewMaintenanceWindow w)
    {
        ArgumentNullException.ThrowIfNull(w);
        return await store.AddWindowAsync(w, time.GetUtcNow()) is { } id
            ? CommandResult.Done(id)
            : CommandResult.Invalid($"there is no site '{w.Site}' of customer '{w.Customer}'");
    }

    public async Task<CommandResult> DeleteWindowAsync(long id) =>
        await store.DeleteWindowAsync(id) ? CommandResult.Done(id) : CommandResult.NotFound;

    private static CommandResult Of(AlertAction action, long id) =>
        action.Status == AlertActionStatus.Done ? CommandResult.Done(id) : CommandResult.NotFound;
}
