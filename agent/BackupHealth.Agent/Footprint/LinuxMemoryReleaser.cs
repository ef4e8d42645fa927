using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace BackupHealth.Agent.Footprint;

/// <summary><c>madvise(MADV_DONTNEED)</c> on the executable's releasable ranges (<see cref="ExecutableMappings"/>),
/// read from <c>/proc/self/smaps</c>. For a read-only private file mapping with no private page this only unmaps the
/// pages from this process: the bytes stay in the file and the page cache, and a later touch maps them again.</summary>
[SupportedOSPlatform("linux")]
internal sealed partial class LinuxStartupPageReleaser(string executablePath) : IStartupPageReleaser
{
    private const int MadvDontNeed = 4;

    public ReleaseOutcome Release()
    {
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
