namespace BackupHealth.Collector.Limits;

/// <summary>How many connections each of the two listeners may hold so that, under the process's open-file limit,
/// <c>Collector:Limits:FileDescriptorReserve</c> descriptors stay free for the store (the evaluator, the dispatcher and
/// every page open the database), the logs and the certificates. 20,000 connections once used up every descriptor and
/// the store could no longer be opened.</summary>
internal static class ConnectionBudget
{
    public const int Listeners = 2;

    /// <summary>The fewest connections per listener worth starting with; a reserve that leaves fewer stops the start.</summary>
    public const int MinPerListener = 16;

    /// <summary><c>MaxConcurrentConnections</c>, lowered where the open-file limit cannot hold it beside the reserve.</summary>
    public static int PerListener(LimitsOptions limits, long? openFileLimit)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (openFileLimit is not { } files)
        {
            return limits.MaxConcurrentConnections;
        }

        var fits = (files - limits.FileDescriptorReserve) / Listeners;
        return (int)Math.Clamp(fits, 0, limits.MaxConcurrentConnections);
    }

    /// <summary>Null when the reserve leaves room for connections; otherwise the line that stops the start.</summary>
    public static string? Problem(LimitsOptions limits, long? openFileLimit)
    {
        var perListener = PerListener(limits, openFileLimit);
        return perListener >= Math.Min(MinPerListener, limits.MaxConcurrentConnections)
            ? null
            : $"{LimitsOptions.SectionName}:FileDescriptorReserve: {limits.FileDescriptorReserve} leaves room for only {perListener} connections per listener "
                + $"under this process's open-file limit of {openFileLimit} (RLIMIT_NOFILE); lower it, or raise the limit (LimitNOFILE= in the systemd unit, ulimit -n)";
    }
}
