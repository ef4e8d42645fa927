using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Store;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Coverage;

/// <summary>Mappings and exclusions as people change them, in words for them. Each change is one unit of work of the
/// store (<see cref="ICoverageStore"/>); a request that names something unknown changes nothing.</summary>
internal sealed class CoverageCommands(ICoverageStore store, TimeProvider time, ILogger<CoverageCommands> logger)
{
    public async Task<(CommandResult Result, CoverageMappingDto? Mapping)> SetMappingAsync(CoverageKey key, long jobId, string by)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = Now();
        var write = await store.SetMappingAsync(key, jobId, by, now);
        if (write.Status != CoverageWriteStatus.Done)
        {
            return (Refused(write, key, jobId), null);
        }

        Log.CoverageMappingSet(logger, by, jobId, key.ItemId, key.Customer, key.Site);
        return (CommandResult.Done(jobId), new CoverageMappingDto(key.Customer, key.Site, key.ItemId, jobId, write.JobName!, by, now.UtcDateTime));
    }

    public async Task<CommandResult> RemoveMappingAsync(CoverageKey key, long jobId)
    {
        ArgumentNullException.ThrowIfNull(key);
        var write = await store.RemoveMappingAsync(key, jobId);
        if (write.Status != CoverageWriteStatus.Done)
        {
            return Refused(write, key, jobId);
        }

        Log.CoverageMappingRemoved(logger, jobId, key.ItemId, key.Customer, key.Site);
        return CommandResult.Done(jobId);
    }

    public async Task<(CommandResult Result, CoverageExclusionDto? Exclusion)> SetExclusionAsync(CoverageKey key, string reason, string by)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = Now();
        var write = await store.SetExclusionAsync(key, reason, by, now);
        if (write.Status != CoverageWriteStatus.Done)
        {
            return (Refused(write, key, 0), null);
        }

        Log.CoverageExclusionSet(logger, by, key.ItemId, key.Customer, key.Site, reason);
        return (CommandResult.Done(write.SiteId), new CoverageExclusionDto(key.Customer, key.Site, key.ItemId, reason, by, now.UtcDateTime));
    }

    public async Task<CommandResult> RemoveExclusionAsync(CoverageKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var write = await store.RemoveExclusionAsync(key);
        if (write.Status != CoverageWriteStatus.Done)
        {
            return Refused(write, key, 0);
        }

        Log.CoverageExclusionRemoved(logger, key.ItemId, key.Customer, key.Site);
        return CommandResult.Done(write.SiteId);
    }

    /// <summary>Now, to the millisecond the store keeps, so that what is answered is what a later read gives.</summary>
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>The words for a write that was not done. Not the job's name when it is another site's: it may belong to a
    /// customer the person may not see.</summary>
    private static CommandResult Refused(CoverageWrite write, CoverageKey key, long jobId) => write.Status switch
    {
        CoverageWriteStatus.UnknownSite => CommandResult.Invalid($"there is no site '{key.Site}' of customer '{key.Customer}'"),
        CoverageWriteStatus.UnknownVm =>
            CommandResult.Invalid($"no inventory of {key.Customer} / {key.Site} has reported a VM with item id '{key.ItemId}'"),
        CoverageWriteStatus.UnknownJob => CommandResult.Invalid($"there is no job {jobId}"),
        CoverageWriteStatus.JobOfOtherSite => CommandResult.Invalid($"job {jobId} is not a job of {key.Customer} / {key.Site}"),
        _ => CommandResult.NotFound,
    };
}
