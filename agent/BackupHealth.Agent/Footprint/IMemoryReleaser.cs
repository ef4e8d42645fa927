namespace BackupHealth.Agent.Footprint;

/// <summary>What releasing gave back: how many mapped ranges, how many resident bytes they held, and how many could
/// not be released (with the first reason).</summary>
internal readonly record struct ReleaseOutcome(int Ranges, long ResidentBytes, int Failed, string? FirstError);

/// <summary>Gives back memory the agent is not using: the GC heap's free space, and the read-only pages of the
/// executable and its libraries (the ones still needed are read back from the file, i.e. the page cache, when next
/// touched).</summary>
internal interface IMemoryReleaser
{
    ReleaseOutcome Release();
}
