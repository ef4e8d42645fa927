using System.Diagnostics;
using BackupHealth.Agent.Probes;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Telemetry;

/// <summary>The span of one probe run: the probe, what it found, what was new. A run that could not read its source
/// ends with an error status and the probe's message.</summary>
internal static class ProbeRunSpan
{
    public static Activity? Start(IProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);

        // Each run is its own trace; the scheduler's loop has no span of its own to hang it under.
        var activity = AgentTelemetry.Source.StartActivity(AgentTelemetry.ProbeRunSpanName, ActivityKind.Internal, parentContext: default);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("backuphealth.probe.name", probe.Name);
            activity.SetTag("backuphealth.probe.type", probe.Type);
        }

        return activity;
    }

    public static void Ran(Activity? activity, ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag("backuphealth.probe.state", result.State == ProbeState.Ok ? "ok" : "error");
        activity.SetTag("backuphealth.probe.observations", result.Observations.Count);
        if (result.State != ProbeState.Ok)
        {
            activity.SetStatus(ActivityStatusCode.Error, result.Message);
        }
    }

    public static void Queued(Activity? activity, int queued) => activity?.SetTag("backuphealth.probe.queued", queued);
}
