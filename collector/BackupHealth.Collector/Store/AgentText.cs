using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Store;

/// <summary>Takes <see cref="BidiControls"/> out of every text an agent sends, before it is stored: the
/// <see cref="IIngestStore"/> calls it for each message it is given, so names, messages and keys reach the pages, the
/// rules and the notifications without them. The text is kept, not refused: a hostile VM name must not hide that VM's
/// backups. Keys are cleaned the same way everywhere (a probe's name in its health report, heartbeats and
/// observations), so they still match. The one exception is the agent's own id, which must stay as its certificate
/// names it; notifications strip it when they show it. Attribute maps are cleaned where they are encoded
/// (<see cref="JsonText"/>), as walking a protobuf map allocates.</summary>
internal static class AgentText
{
    public static void Clean(Hello hello)
    {
        ArgumentNullException.ThrowIfNull(hello);
        hello.AgentVersion = BidiControls.Strip(hello.AgentVersion);
        hello.HostName = BidiControls.Strip(hello.HostName);
        hello.OsDescription = BidiControls.Strip(hello.OsDescription);
        foreach (var probe in hello.Probes)
        {
            probe.Name = BidiControls.Strip(probe.Name);
            probe.Type = BidiControls.Strip(probe.Type);
        }
    }

    public static void Clean(ObservationBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var observations = batch.Observations;
        for (var i = 0; i < observations.Count; i++)
        {
            var o = observations[i];
            o.Id = BidiControls.Strip(o.Id);
            o.SourceKind = BidiControls.Strip(o.SourceKind);
            o.JobKey = BidiControls.Strip(o.JobKey);
            o.RunId = BidiControls.Strip(o.RunId);
            o.JobName = BidiControls.Strip(o.JobName);
            o.ProtectedObject = BidiControls.Strip(o.ProtectedObject);
            o.ProbeName = BidiControls.Strip(o.ProbeName);
            o.Message = BidiControls.Strip(o.Message);
            if (o.Verification is { } verification)
            {
                verification.Detail = BidiControls.Strip(verification.Detail);
            }
        }
    }

    public static void Clean(Heartbeat heartbeat)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        foreach (var probe in heartbeat.Probes)
        {
            probe.ProbeName = BidiControls.Strip(probe.ProbeName);
        }
    }

    public static void Clean(ProbeHealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var probe in report.Probes)
        {
            probe.ProbeName = BidiControls.Strip(probe.ProbeName);
            probe.ProbeType = BidiControls.Strip(probe.ProbeType);
            probe.Message = BidiControls.Strip(probe.Message);
        }
    }

    public static void Clean(JobListReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        report.ProbeName = BidiControls.Strip(report.ProbeName);
        foreach (var job in report.Jobs)
        {
            (job.JobKey, job.JobName, job.SourceKind) = (BidiControls.Strip(job.JobKey), BidiControls.Strip(job.JobName), BidiControls.Strip(job.SourceKind));
        }
    }

    public static void Clean(InventoryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        (report.ProbeName, report.Hypervisor) = (BidiControls.Strip(report.ProbeName), BidiControls.Strip(report.Hypervisor));
        foreach (var item in report.Items)
        {
            (item.Id, item.Name, item.PowerState) = (BidiControls.Strip(item.Id), BidiControls.Strip(item.Name), BidiControls.Strip(item.PowerState));
        }
    }
}
