using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace BackupHealth.Agent.Footprint;

/// <summary>First a blocking, compacting collection in the GC's aggressive mode, which returns the heap's free space
/// to the system (a few milliseconds for the agent's small heap); then <c>madvise(MADV_DONTNEED)</c> on the
/// releasable ranges of the executable and its libraries (<see cref="ExecutableMappings"/>), read from
/// <c>/proc/self/smaps</c> after the collection, so the code the collection ran is given back too. For a read-only
/// private file mapping with no private page this only unmaps the pages from this process: the bytes stay in the file
/// and the page cache, and a later touch maps them again.</summary>
[SupportedOSPlatform("linux")]
internal sealed partial class LinuxMemoryReleaser(string executablePath) : IMemoryReleaser
{
    private const int MadvDontNeed = 4;

    public ReleaseOutcome Release()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        IReadOnlyList<MappedRange> ranges;
        using (var smaps = new StreamReader("/proc/self/smaps"))
        {
            ranges = ExecutableMappings.Releasable(smaps, executablePath);
        }

        long resident = 0;
        var failed = 0;
        string? firstError = null;
        foreach (var range in ranges)
        {
            if (Madvise((nint)range.Start, (nuint)range.Length, MadvDontNeed) == 0)
            {
                resident += range.ResidentBytes;
                continue;
            }

            failed++;
            firstError ??= Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
        }

        return new ReleaseOutcome(ranges.Count - failed, resident, failed, firstError);
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);
}
