using Xunit;

namespace BackupHealth.Testing;

/// <summary>A fact that needs Linux (a real tool, systemd, /proc): skipped elsewhere, with the reason, so that a
/// Windows run reports it skipped instead of passed without running.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LinuxFactAttribute : FactAttribute
{
    public const string SkipReason = "needs Linux";

    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = SkipReason;
        }
    }
}

/// <summary>As <see cref="LinuxFactAttribute"/> for a theory.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LinuxTheoryAttribute : TheoryAttribute
{
    public LinuxTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = LinuxFactAttribute.SkipReason;
        }
    }
}
