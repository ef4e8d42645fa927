using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace BackupHealth.Testing;

/// <summary>A real small file system — a tmpfs of a given size — mounted on a fresh folder, so a test can fill the disk
/// a program writes to and free it again; unmounted on dispose. Mounting needs Linux and the right to mount (root):
/// <see cref="SmallFileSystemFactAttribute"/> skips a test where that is missing, saying so.</summary>
public sealed class SmallFileSystem : IDisposable
{
    private const string FillerName = "filler";
    private static readonly Lazy<string?> Missing = new(FindWhatIsMissing);

    private SmallFileSystem(string path) => Path = path;

    /// <summary>Why no small file system can be mounted here; null when one can.</summary>
    public static string? Unavailable => Missing.Value;

    public string Path { get; }

    /// <summary>Bytes the file system still takes.</summary>
    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <param name="path">Created when missing; must be empty.</param>
    public static SmallFileSystem Mount(string path, long bytes)
    {
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", string.Create(CultureInfo.InvariantCulture, $"size={bytes},mode=0755"), "tmpfs", path);
        return new SmallFileSystem(path);
    }

    /// <summary>Writes a filler file until the file system is full, then gives back <paramref name="leaveFree"/> bytes.</summary>
    public void Fill(long leaveFree = 0)
    {
        // Unbuffered, so a refused write is refused at once and closing the file has nothing left to write.
        using (var stream = new FileStream(System.IO.Path.Combine(Path, FillerName), FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            foreach (var size in new[] { 64 * 1024, 4096 })
            {
                WriteUntilFull(stream, new byte[size]);
            }
        }

        Shrink(leaveFree);
    }

    /// <summary>Gives back <paramref name="bytes"/> of the filler (all of it when it is smaller).</summary>
    public void Shrink(long bytes)
    {
        var filler = new FileInfo(System.IO.Path.Combine(Path, FillerName));
        if (filler.Exists)
        {
            using var stream = filler.Open(FileMode.Open, FileAccess.Write);
            stream.SetLength(Math.Max(0, stream.Length - bytes));
        }
    }

    private static void WriteUntilFull(FileStream stream, byte[] block)
    {
        try
        {
            while (true)
            {
                stream.Write(block);
            }
        }
        catch (IOException)
        {
            // Full for blocks of this size.
        }
    }

    public void Dispose()
    {
        // Lazily: a process the test started may still have a file open for a moment.
        Run("umount", "--lazy", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static string? FindWhatIsMissing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "needs Linux (tmpfs)";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "needs root to mount a small tmpfs";
        }

        var probe = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"bh-mount-probe-{Guid.NewGuid():N}");
        try
        {
            Mount(probe, 64 * 1024).Dispose();
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Directory.Delete(probe, recursive: true);
            return $"cannot mount a tmpfs here: {ex.Message}";
        }
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)}: exit {process.ExitCode}: {error.Trim()}");
        }
    }
}

/// <summary>A fact that fills a real small file system (<see cref="SmallFileSystem"/>): skipped, with the reason, where
/// none can be mounted, so such a run reports it skipped rather than passed without running.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SmallFileSystemFactAttribute : FactAttribute
{
    public SmallFileSystemFactAttribute()
    {
        if (SmallFileSystem.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
