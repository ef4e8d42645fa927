using System.Globalization;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

/// <summary>Turns a vzdump task and its parsed log into one observation per guest (job key
/// <c>&lt;probe&gt;/vzdump/&lt;vmid&gt;</c>). Shared by the host-log probe and the PVE API probe.</summary>
/// <param name="zone">The host's time zone: vzdump prints wall-clock times without one.</param>
internal sealed class VzdumpRunMapper(string probeName, string sourceKind, TimeZoneInfo zone)
{
    /// <summary>The job key of a task that names no guest (a job that failed before any guest, its log gone).</summary>
    public const string WholeJob = "job";

    /// <param name="partialSize">Bytes written so far to a running guest's archive (<c>.dat</c>), or null.</param>
    public IReadOnlyList<VzdumpGuestRun> Map(VzdumpTask task, VzdumpTaskLog? log, DateTimeOffset now, Func<string, long?>? partialSize = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var running = task.IsRunning && log?.TaskResult is null;
        var status = task.Status ?? TaskStatus.FromTaskLine(log?.TaskResult);
        var runs = new List<VzdumpGuestRun>();
        if (log is null)
        {
            if (!running)
            {
                runs.Add(FromTaskOnly(task, status, now, "task log not found; result from the task index"));
            }

            return runs;
        }

        DateTimeOffset? previousEnd = null;
        foreach (var guest in log.Guests)
        {
            var run = FromGuest(task, log, guest, running, status, previousEnd, now, partialSize);
            previousEnd = run.Observation.EndTime?.ToDateTimeOffset() ?? previousEnd;
            runs.Add(run);
        }

        var jobError = log.JobError ?? (TaskStatus.Classify(status) == RunStatus.Failed && status != TaskStatus.JobErrors ? status : null);
        if (!running && jobError is not null)
        {
            var started = log.Guests.Select(g => g.Vmid).ToHashSet(StringComparer.Ordinal);
            foreach (var vmid in log.RequestedVmids.Where(v => !started.Contains(v) && !log.SkippedVmids.Contains(v)).Distinct())
            {
                var observation = New(task, vmid, null, RunStatus.Failed, task.Upid.Start, task.End ?? task.Upid.Start, now, status);
                observation.Message = Truncate($"not backed up: backup job failed - {jobError}");
                AddIfPresent(observation, "storage", log.Storage);
                runs.Add(new VzdumpGuestRun(vmid + ":final", true, observation));
            }
        }

        if (runs.Count == 0 && !running)
        {
            runs.Add(FromTaskOnly(task, status, now, jobError ?? ""));
        }

        return runs;
    }

    private VzdumpGuestRun FromGuest(
        VzdumpTask task, VzdumpTaskLog log, VzdumpGuestLog guest, bool running, string? status, DateTimeOffset? previousEnd, DateTimeOffset now, Func<string, long?>? partialSize)
    {
        var start = ToUtc(guest.StartedLocal) ?? previousEnd ?? task.Upid.Start;
        if (guest.Outcome == VzdumpOutcome.Started && running)
        {
            var observation = New(task, guest.Vmid, guest, RunStatus.Running, start, null, now, "running");
            observation.Message = "backing up";
            if (guest.Archive is not null && partialSize?.Invoke(guest.Archive) is { } written)
            {
                observation.Attributes["partial_size"] = written.ToString(CultureInfo.InvariantCulture);
                observation.Message = string.Create(CultureInfo.InvariantCulture, $"backing up, {written} bytes written to the archive so far");
            }

            AddIfPresent(observation, "storage", log.Storage);
            return new VzdumpGuestRun(guest.Vmid + ":running", false, observation);
        }

        var end = ToUtc(guest.EndedLocal)
            ?? (guest.Duration is { } duration ? start + duration : (DateTimeOffset?)null)
            ?? task.End
            ?? start;
        if (end < start)
        {
            end = start;
        }

        var warnings = guest.Warnings.Concat(log.JobWarnings).ToList();
        var (runStatus, message) = guest.Outcome switch
        {
            VzdumpOutcome.Finished when warnings.Count > 0 => (RunStatus.Warning, string.Join("; ", warnings)),
            VzdumpOutcome.Finished => (RunStatus.Success, ""),
            VzdumpOutcome.Failed => (RunStatus.Failed, guest.Error ?? "failed"),
            _ => (RunStatus.Failed, $"no result for VM {guest.Vmid} in the task log; the task ended with '{status ?? "unknown"}'"),
        };
        var final = New(task, guest.Vmid, guest, runStatus, start, end, now, status);
        final.Message = Truncate(message);
        if (guest.SizeBytes is { } size && guest.Outcome == VzdumpOutcome.Finished)
        {
            final.SizeBytes = size;
        }

        if (warnings.Count > 0)
        {
            final.Attributes["warning_count"] = warnings.Count.ToString(CultureInfo.InvariantCulture);
        }

        AddIfPresent(final, "storage", log.Storage);
        return new VzdumpGuestRun(guest.Vmid + ":final", true, final);
    }

    private VzdumpGuestRun FromTaskOnly(VzdumpTask task, string? status, DateTimeOffset now, string detail)
    {
        var vmid = task.Upid.GuestId ?? WholeJob;
        var runStatus = TaskStatus.Classify(status);
        var observation = New(task, vmid, null, runStatus, task.Upid.Start, task.End ?? task.Upid.Start, now, status);
        observation.Message = Truncate(string.Join(": ", new[] { runStatus == RunStatus.Success ? "" : status ?? "", detail }.Where(s => s.Length > 0)));
        return new VzdumpGuestRun(vmid + ":final", true, observation);
    }

    private Observation New(VzdumpTask task, string vmid, VzdumpGuestLog? guest, RunStatus status, DateTimeOffset start, DateTimeOffset? end, DateTimeOffset now, string? vendorStatus)
    {
        var upid = task.Upid.Text;
        var isGuest = vmid != WholeJob;
        var observation = new Observation
        {
            Id = StableId.Of(probeName, upid, vmid, status == RunStatus.Running ? "running" : "final"),
            RunId = RunId(upid, vmid),
            SourceKind = sourceKind,
            JobKey = $"{probeName}/vzdump/{vmid}",
            JobName = isGuest ? $"Backup of VM {vmid}" : "vzdump backup job",
            ProtectedObject = !isGuest ? "" : !string.IsNullOrEmpty(guest?.Name) ? guest.Name : $"VM {vmid}",
            Status = status,
            StartTime = Timestamp.FromDateTimeOffset(start),
            Verification = new Verification { State = VerificationState.NotVerified },
            ObservedAt = Timestamp.FromDateTimeOffset(now),
            ProbeName = probeName,
        };
        if (end is { } e)
        {
            observation.EndTime = Timestamp.FromDateTimeOffset(e);
        }

        if (isGuest)
        {
            observation.Attributes["vmid"] = vmid;
        }

        observation.Attributes["node"] = task.Upid.Node;
        observation.Attributes["upid"] = upid;
        observation.Attributes["vendor_status"] = vendorStatus ?? "";
        AddIfPresent(observation, "type", guest?.Type);
        AddIfPresent(observation, "archive", guest?.Archive);
        return observation;
    }

    private DateTimeOffset? ToUtc(DateTime? local)
    {
        if (local is not { } value)
        {
            return null;
        }

        // A wall-clock time in the hour skipped when clocks go forward cannot have happened as written; vzdump
        // cannot print one, but a hand-edited or shifted clock could, and it must not throw.
        if (zone.IsInvalidTime(value))
        {
            value = value.AddHours(1);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(value, zone), TimeSpan.Zero);
    }

    private static string RunId(string upid, string vmid)
    {
        var id = $"{upid}/{vmid}";
        return id.Length <= ObservationLimits.MaxIdLength ? id : StableId.Of("run", upid, vmid);
    }

    private static string Truncate(string text) =>
        text.Length <= ObservationLimits.MaxMessageLength ? text : text[..(ObservationLimits.MaxMessageLength - 1)] + "…";

    private static void AddIfPresent(Observation observation, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            observation.Attributes[key] = value.Length <= ObservationLimits.MaxAttributeValueLength ? value : value[..ObservationLimits.MaxAttributeValueLength];
        }
    }

    /// <summary>The task index's status text as a run status.</summary>
    internal static class TaskStatus
    {
        /// <summary>What vzdump dies with when some guest failed; each guest's own line says more.</summary>
        public const string JobErrors = "job errors";

        /// <summary>For a finished task: anything but OK and WARNINGS is the error it ended with.</summary>
        public static RunStatus Classify(string? status) => status?.Trim() switch
        {
            "OK" => RunStatus.Success,
            { } s when s.StartsWith("WARNINGS", StringComparison.Ordinal) => RunStatus.Warning,
            _ => RunStatus.Failed,
        };

        /// <summary>The task log's last line (<c>TASK ERROR: job errors</c>, after <c>TASK </c>) as the index
        /// writes it (<c>job errors</c>), as pve-common's <c>upid_read_status</c> does.</summary>
        public static string? FromTaskLine(string? result) =>
            result is not null && result.StartsWith("ERROR: ", StringComparison.Ordinal) ? result[7..].Trim() : result;
    }
}
