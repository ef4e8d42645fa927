namespace BackupHealth.Agent.Footprint;

/// <summary>What releasing gave back: how many ranges, how many resident bytes they held, and how many could not be
/// released (with the first reason).</summary>
internal readonly record struct ReleaseOutcome(int Ranges, long ResidentBytes, int Failed, string? FirstError);

/// <summary>Drops the executable's read-only pages from this process's memory; the ones still needed are read back
/// from the file (the page cache) when next touched.</summary>
internal interface IStartupPageReleaser
{
    ReleaseOutcome Release();
}
