namespace BackupHealth.IntegrationTests;

/// <summary>A test whose agent runs a POSIX shell script: skipped (and said so) on Windows rather than passing there
/// without running.</summary>
internal sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "needs /bin/sh";
        }
    }
}
