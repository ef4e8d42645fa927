namespace BackupHealth.Collector.Health;

/// <summary>How many jobs are in each <see cref="JobHealthState"/>.</summary>
internal sealed record JobCounts(int Failed, int Missed, int Disabled, int Warning, int Running, int Ok, int Corrupt = 0)
{
    public static readonly JobCounts None = new(0, 0, 0, 0, 0, 0);

    public int Total => Failed + Corrupt + Missed + Disabled + Warning + Running + Ok;

    /// <summary>Failed, corrupt, missed, disabled and warning jobs.</summary>
    public int Problems => Failed + Corrupt + Missed + Disabled + Warning;

    public int this[JobHealthState state] => state switch
    {
        JobHealthState.Failed => Failed,
        JobHealthState.Corrupt => Corrupt,
        JobHealthState.Missed => Missed,
        JobHealthState.Disabled => Disabled,
        JobHealthState.Warning => Warning,
        JobHealthState.Running => Running,
        _ => Ok,
    };

    public static JobCounts Of(IEnumerable<JobHealthState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var n = new int[Enum.GetValues<JobHealthState>().Length];
        foreach (var state in states)
        {
            n[(int)state]++;
        }

        return new JobCounts(n[(int)JobHealthState.Failed], n[(int)JobHealthState.Missed], n[(int)JobHealthState.Disabled],
            n[(int)JobHealthState.Warning], n[(int)JobHealthState.Running], n[(int)JobHealthState.Ok], n[(int)JobHealthState.Corrupt]);
    }

    public static JobCounts Sum(IEnumerable<JobCounts> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return counts.Aggregate(None, (a, b) => new JobCounts(a.Failed + b.Failed, a.Missed + b.Missed, a.Disabled + b.Disabled,
            a.Warning + b.Warning, a.Running + b.Running, a.Ok + b.Ok, a.Corrupt + b.Corrupt));
    }
}
