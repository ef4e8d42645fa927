namespace BackupHealth.Agent.Probes.Command;

/// <summary>One job as a script lists it in the object form of <see cref="CommandOutputMode.Json"/> output: every job
/// the source knows, whether it ran or not, so a disabled job and a job that never ran are seen.</summary>
internal sealed class CommandJsonJob
{
    /// <summary>The script's stable id for the job, as in its runs; defaults to <see cref="JobName"/>.</summary>
    public string? JobKey { get; set; }

    public string? JobName { get; set; }

    /// <summary>Absent means enabled.</summary>
    public bool? Enabled { get; set; }

    /// <summary>When the source will next run the job, ISO 8601 with its zone.</summary>
    public string? NextRun { get; set; }

    /// <summary>The schedule the source states, in the collector's schedule syntax (<c>daily 22:00 Europe/Amsterdam</c>).</summary>
    public string? Schedule { get; set; }

    /// <summary>How often the source states the job runs (<c>4h</c>, <c>1d</c>, <c>1d12h</c>).</summary>
    public string? Interval { get; set; }
}
