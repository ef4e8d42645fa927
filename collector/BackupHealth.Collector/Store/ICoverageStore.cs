using BackupHealth.Collector.Coverage;

namespace BackupHealth.Collector.Store;

/// <summary>The mappings (a person's word that a job protects a VM) and exclusions (a VM that needs no backup) of the
/// coverage room. Each write is one unit of work that changes nothing unless it is done; the outcomes are codes, the
/// words for people are <see cref="CoverageCommands"/>'s.</summary>
internal interface ICoverageStore
{
    /// <summary>Every mapping, by customer, site, item id and job id.</summary>
    Task<IReadOnlyList<CoverageMappingDto>> ListMappingsAsync(CancellationToken cancellationToken);

    /// <summary>Every exclusion, by customer, site and item id.</summary>
    Task<IReadOnlyList<CoverageExclusionDto>> ListExclusionsAsync(CancellationToken cancellationToken);

    /// <summary>Ties job <paramref name="jobId"/> to the VM; mapping the same VM to the same job again replaces who
    /// and when. Done with the job's name, or why not: an unknown site or VM (never seen in an inventory of the site),
    /// no such job, or a job of another site.</summary>
    Task<CoverageWrite> SetMappingAsync(CoverageKey vm, long jobId, string by, DateTimeOffset at);

    /// <summary>Done, an unknown site, or not found when the VM is not mapped to that job.</summary>
    Task<CoverageWrite> RemoveMappingAsync(CoverageKey vm, long jobId);

    /// <summary>Excludes the VM, replacing an exclusion it had. Done with the site's id, or an unknown site or VM.</summary>
    Task<CoverageWrite> SetExclusionAsync(CoverageKey vm, string reason, string by, DateTimeOffset at);

    /// <summary>Done with the site's id, an unknown site, or not found when the VM is not excluded.</summary>
    Task<CoverageWrite> RemoveExclusionAsync(CoverageKey vm);
}

/// <summary>What a coverage write came to.</summary>
internal enum CoverageWriteStatus
{
    Done = 1,
    NotFound = 2,
    UnknownSite = 3,

    /// <summary>No inventory of the site has reported a VM with that item id.</summary>
    UnknownVm = 4,
    UnknownJob = 5,

    /// <summary>The job belongs to another site (maybe of a customer the person may not see).</summary>
    JobOfOtherSite = 6,
}

/// <summary>The outcome of a coverage write: <see cref="SiteId"/> is the VM's site when done, <see cref="JobName"/>
/// the mapped job's.</summary>
internal sealed record CoverageWrite(CoverageWriteStatus Status, long SiteId = 0, string? JobName = null)
{
    public static readonly CoverageWrite NotFound = new(CoverageWriteStatus.NotFound);

    public static readonly CoverageWrite UnknownSite = new(CoverageWriteStatus.UnknownSite);

    public static readonly CoverageWrite UnknownVm = new(CoverageWriteStatus.UnknownVm);
}
