namespace BackupHealth.Agent.Probes.XenServer;

/// <summary>Export tasks already reported, by task uuid. XAPI forgets tasks when its toolstack restarts and keeps
/// finished ones for a while; remembering what was reported means a task is reported once running and once finished,
/// never again.</summary>
internal sealed class XenServerProbeState
{
    public Dictionary<string, XenServerSeenTask> Tasks { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class XenServerSeenTask
{
    /// <summary><c>running</c>, a final XAPI status (<c>success</c>, <c>failure</c>, <c>cancelled</c>, ...), or
    /// <c>vanished</c> for a pending task the host forgot.</summary>
    public string Outcome { get; set; } = "";

    public string Name { get; set; } = "";

    public DateTimeOffset LastSeen { get; set; }
}
