using System.Diagnostics;

namespace BackupHealth.Testing;

/// <summary>A small tmpfs mounted on a fresh folder, for a disk that really fills up; unmounted and removed on dispose.
/// Needs Linux and the right to mount (root with CAP_SYS_ADMIN): <see cref="TmpfsFactAttribute"/> skips a test
/// where that is missing.</summary>
public sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public static TmpfsMount Create(long sizeBytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"bh-tmpfs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        var problem = Run("mount", "-t", "tmpfs", "-o", $"size={sizeBytes}", "tmpfs", path);
        if (problem is not null)
        {
            Directory.Delete(path);
            throw new InvalidOperationException($"mount -t tmpfs failed: {problem}");
        }

        return new TmpfsMount(path);
    }

    /// <summary>Writes a file of zeros until the file system has no block left.</summary>
    /// <returns>The bytes written.</returns>
    public long Fill(string fileName)
    {
        var block = new byte[4096];
        long written = 0;
        using var file = new FileStream(Combine(fileName), FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            while (true)
            {
                file.Write(block);
                written += block.Length;
            }
        }
        catch (IOException)
        {
            return written;
        }
    }

    public void Dispose()
    {
        Run("umount", "--lazy", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <returns>Why the command failed, or null.</returns>
    internal static string? Run(string program, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"exit {process.ExitCode}: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return ex.Message;
        }
    }
}

/// <summary>A fact that mounts a tmpfs: skipped, with the reason, where this process may not (not Linux, not root, no
/// CAP_SYS_ADMIN in a container) — found out once by mounting and unmounting a tiny one.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TmpfsFactAttribute : Xunit.FactAttribute
{
    private static readonly Lazy<string?> Missing = new(Probe);

    public TmpfsFactAttribute()
    {
        if (Missing.Value is { } reason)
        {
            Skip = reason;
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return LinuxFactAttribute.SkipReason;
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "needs root to mount a tmpfs";
        }

        try
        {
            using var probe = TmpfsMount.Create(64 * 1024);
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return $"cannot mount a tmpfs here ({ex.Message})";
        }
    }
}
