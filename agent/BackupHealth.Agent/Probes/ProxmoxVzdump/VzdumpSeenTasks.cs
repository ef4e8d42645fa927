namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

/// <summary>What a vzdump-reading probe already reported, per task (UPID): which of its facts
/// (<c>&lt;vmid&gt;:running</c>, <c>&lt;vmid&gt;:final</c>) and whether the task is done with. Shared by the host-log and
/// the PVE API probe; forgotten once the task is older than the probe's lookback.</summary>
internal sealed class VzdumpSeenTasks
{
    public Dictionary<string, VzdumpSeenTask> Tasks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The runs of <paramref name="runs"/> not reported before, now remembered as reported.</summary>
    public IEnumerable<VzdumpGuestRun> TakeNew(VzdumpTask task, IReadOnlyList<VzdumpGuestRun> runs)
    {
        if (!Tasks.TryGetValue(task.Upid.Text, out var seen))
        {
            seen = new VzdumpSeenTask { Start = task.Upid.Start.ToUnixTimeSeconds() };
            Tasks[task.Upid.Text] = seen;
        }

        var fresh = runs.Where(r => !seen.Reported.Contains(r.Key)).ToList();
        seen.Reported.AddRange(fresh.Select(r => r.Key));
        seen.Done = !task.IsRunning;
        return fresh;
    }

    public bool IsDone(VzdumpTask task) => Tasks.TryGetValue(task.Upid.Text, out var seen) && seen.Done;

    public void ForgetOlderThan(DateTimeOffset cutoff)
    {
        foreach (var upid in Tasks.Where(t => t.Value.Start < cutoff.ToUnixTimeSeconds()).Select(t => t.Key).ToList())
        {
            Tasks.Remove(upid);
        }
    }
}

internal sealed class VzdumpSeenTask
{
    /// <summary>The task's start, epoch seconds.</summary>
    public long Start { get; set; }

    /// <summary>The task ended and all its results were reported.</summary>
    public bool Done { get; set; }

    public List<string> Reported { get; set; } = [];
}
