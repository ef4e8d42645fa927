using System.Globalization;

namespace BackupHealth.Benchmarks;

/// <summary>Scheduler figures of this process's threads that have a given name, from <c>/proc/self/task</c> (Linux;
/// zero elsewhere or when no thread has the name).</summary>
internal static class ThreadCpu
{
    /// <summary>CPU time (user + system) of the named threads.</summary>
    public static TimeSpan Of(string name) => Sum(name, task =>
    {
        // Fields after the parenthesised name: state is field 3, utime 14, stime 15 (clock ticks of 1/100 s).
        var stat = File.ReadAllText(Path.Combine(task, "stat"));
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    });

    /// <summary>Time the named threads spent waiting for a core while runnable (schedstat's run delay, in ns).</summary>
    public static TimeSpan RunDelayOf(string name) => Sum(name, task =>
        TimeSpan.FromTicks(long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[1], CultureInfo.InvariantCulture) / 100));

    private static TimeSpan Sum(string name, Func<string, TimeSpan> figure)
    {
        var total = TimeSpan.Zero;
        if (!OperatingSystem.IsLinux())
        {
            return total;
        }

        // Linux keeps the first 15 characters of a thread's name.
        var comm = name.Length > 15 ? name[..15] : name;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == comm)
                {
                    total += figure(task);
                }
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return total;
    }
}
