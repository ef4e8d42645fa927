namespace BackupHealth.Agent.Probes.Xva;

/// <summary>How far a verification has read the file, for a progress bar; updated by the reading thread, read by
/// any other.</summary>
internal sealed class XvaProgress
{
    private long _bytesRead;

    public long BytesRead => Volatile.Read(ref _bytesRead);

    internal void Add(long bytes) => Interlocked.Add(ref _bytesRead, bytes);
}
