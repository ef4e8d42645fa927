using System.Globalization;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Check;

/// <summary>The verdict of a check run, judged on each job's newest observation: CRITICAL if any job failed, else
/// UNKNOWN if a probe could not read its source, else WARNING if any job warned, else OK; with a plugin-style summary
/// line counting jobs, such as <c>BACKUPHEALTH CRITICAL - 1 failed, 3 ok | failed=1 warning=0 error=0 ok=3</c>.</summary>
internal sealed class CheckReport
{
    public CheckReport(IReadOnlyList<CheckedProbe> probes)
    {
        ArgumentNullException.ThrowIfNull(probes);
        Probes = probes;
        Jobs = probes.SelectMany(CheckedJob.Of).ToList();
        Failed = Jobs.Count(j => j.Current.Status == RunStatus.Failed);
        Warnings = Jobs.Count(j => j.Current.Status == RunStatus.Warning);
        Ok = Jobs.Count(j => j.Current.Status is RunStatus.Success or RunStatus.Running);
        ProbeErrors = probes.Count(p => p.Result.State != ProbeState.Ok);
        Status = probes.Count == 0 ? CheckStatus.Unknown
            : Failed > 0 ? CheckStatus.Critical
            : ProbeErrors > 0 ? CheckStatus.Unknown
            : Warnings > 0 ? CheckStatus.Warning
            : CheckStatus.Ok;
    }

    public IReadOnlyList<CheckedProbe> Probes { get; }

    /// <summary>One per job, in probe order.</summary>
    public IReadOnlyList<CheckedJob> Jobs { get; }

    public int Failed { get; }

    public int Warnings { get; }

    public int Ok { get; }

    public int ProbeErrors { get; }

    public CheckStatus Status { get; }

    public int ExitCode => (int)Status;

    public string Summary
    {
        get
        {
            var parts = new List<string>();
            Add(parts, Failed, "failed");
            Add(parts, Warnings, "warning");
            Add(parts, ProbeErrors, ProbeErrors == 1 ? "probe error" : "probe errors");
            Add(parts, Ok, "ok");
            var text = Probes.Count == 0 ? "no probes configured"
                : parts.Count == 0 ? "no backups seen"
                : string.Join(", ", parts);
            return string.Create(
                CultureInfo.InvariantCulture,
                $"BACKUPHEALTH {Status.ToString().ToUpperInvariant()} - {text} | failed={Failed} warning={Warnings} error={ProbeErrors} ok={Ok}");
        }
    }

    private static void Add(List<string> parts, int count, string label)
    {
        if (count > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {label}"));
        }
    }
}
