namespace BackupHealth.Collector.Tls;

/// <summary>What a file looked like when it was read: where it really is (certbot's <c>live/</c> names are symbolic
/// links into <c>archive/</c>), when it was last written and how long it was. A different stamp means the file was
/// replaced.</summary>
internal sealed record FileStamp(string Path, string RealPath, DateTime LastWriteUtc, long Length)
{
    public static FileStamp Of(string path)
    {
        var info = new FileInfo(path);
        FileInfo real;
        try
        {
            real = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
            real.Refresh();
        }
        catch (IOException)
        {
            real = info; // missing, or a link to nowhere
        }

        return real.Exists
            ? new FileStamp(path, real.FullName, real.LastWriteTimeUtc, real.Length)
            : new FileStamp(path, real.FullName, default, -1);
    }

    public bool Changed() => Of(Path) != this;
}
