using System.Runtime.InteropServices;

namespace BackupHealth.Testing;

/// <summary>Sets the process's umask for a test and puts the old one back on dispose. The umask belongs to the whole
/// process: a test that uses this must not run beside others that create files (put it in a collection that runs
/// alone).</summary>
public sealed partial class ProcessUmask : IDisposable
{
    private readonly uint _previous;

    public ProcessUmask(uint mask) => _previous = Umask(mask);

    public void Dispose() => _ = Umask(_previous);

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint Umask(uint mask);
}
