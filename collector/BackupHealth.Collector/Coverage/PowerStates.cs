namespace BackupHealth.Collector.Coverage;

/// <summary>Reads the hypervisor's word for a VM's power state. Only words known to mean "not running" count as
/// off; anything else — Running, running, poweredOn, and words no probe was written for, or none at all — counts as
/// running, so a VM whose state cannot be read is still watched.</summary>
internal static class PowerStates
{
    /// <summary>Lower-case, without spaces, dashes and underscores: "Shut Off", "shut_off" and "shutoff" are one word.</summary>
    private static readonly HashSet<string> NotRunning = new(StringComparer.Ordinal)
    {
        "halted", "stopped", "off", "poweredoff", "shutoff", "shutdown", "suspended", "saved", "paused", "disabled",
    };

    public static bool IsRunning(string powerState)
    {
        ArgumentNullException.ThrowIfNull(powerState);
        var word = string.Concat(powerState.Where(c => c is not (' ' or '-' or '_'))).ToLowerInvariant();
        return !NotRunning.Contains(word);
    }
}
