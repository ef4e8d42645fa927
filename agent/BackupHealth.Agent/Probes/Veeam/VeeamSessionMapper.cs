using System.Globalization;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Agent.Probes.Veeam;

/// <summary>Turns Veeam sessions, their task sessions and job states into the contract's observations and job
/// listings.</summary>
internal sealed class VeeamSessionMapper(string probeName, IReadOnlyDictionary<string, VeeamJobState> jobsById)
{
    /// <summary>Veeam's own name for a session that has ended.</summary>
    private const string StoppedState = "Stopped";

    private static readonly HashSet<string> RunningStates = new(StringComparer.OrdinalIgnoreCase)
    {
        "Starting", "Stopping", "Working", "Pausing", "Resuming", "WaitingTape", "Idle", "Postprocessing",
        "WaitingRepository", "WaitingSlot",
    };

    /// <summary>Task types that do not protect the object they name: a restore writes it back, a scan reads a backup.</summary>
    private static readonly HashSet<string> NonProtectingTaskTypes = new(StringComparer.OrdinalIgnoreCase) { "Restore", "Antivirus" };

    /// <summary>Stopped, or a state this probe does not know with an end time: the session is over.</summary>
    public static bool IsFinished(VeeamSession session) =>
        string.Equals(session.State, StoppedState, StringComparison.OrdinalIgnoreCase)
        || (!RunningStates.Contains(session.State ?? "") && VeeamTime.Parse(session.EndTime) is not null);

    public string JobKey(VeeamSession session) =>
        IsJobId(session.JobId)
            ? $"{probeName}/{session.JobId}"
            : $"{probeName}/{session.SessionType ?? "session"}/{session.Name}";

    /// <param name="start">The session's creation time, already parsed.</param>
    public Observation ToObservation(VeeamSession session, DateTimeOffset start, DateTimeOffset now)
    {
        var finished = IsFinished(session);
        var vendorResult = session.Result?.Result ?? "";
        var status = finished ? StatusOf(vendorResult) : RunStatus.Running;
        var job = IsJobId(session.JobId) ? jobsById.GetValueOrDefault(session.JobId!) : null;
        var observation = new Observation
        {
            Id = StableId.Of(probeName, session.Id, finished ? vendorResult : "running"),
            RunId = session.Id,
            SourceKind = VeeamProbe.SourceKind,
            JobKey = JobKey(session),
            JobName = job?.Name ?? session.Name ?? "",
            Status = status,
            StartTime = Timestamp.FromDateTimeOffset(start),
            Message = session.Result?.Message ?? "",
            Verification = new Verification { State = VerificationState.NotVerified },
            ObservedAt = Timestamp.FromDateTimeOffset(now),
            ProbeName = probeName,
        };
        if (finished)
        {
            // A finished session without a readable end is dated at its start rather than dropped.
            var end = VeeamTime.Parse(session.EndTime) is { } parsed && parsed >= start ? parsed : start;
            observation.EndTime = Timestamp.FromDateTimeOffset(end);
            if (TransferredSize(job, start) is { } size)
            {
                observation.SizeBytes = size;
            }
        }

        var attributes = observation.Attributes;
        attributes["session_id"] = session.Id;
        Put(attributes, "session_type", session.SessionType);
        Put(attributes, "vendor_state", session.State);
        Put(attributes, "vendor_result", vendorResult);
        Put(attributes, "platform", session.PlatformName);
        Put(attributes, "initiated_by", session.InitiatedBy);
        Put(attributes, "job_type", job?.Type);
        Put(attributes, "repository", job?.RepositoryName);
        if (session.Result?.IsCanceled == true)
        {
            attributes["canceled"] = "true";
            if (observation.Message.Length == 0)
            {
                observation.Message = "canceled";
            }
        }

        if (!finished && session.ProgressPercent is { } progress)
        {
            attributes["progress_percent"] = progress.ToString(CultureInfo.InvariantCulture);
        }

        if (finished && status == RunStatus.Failed && !IsKnownResult(vendorResult) && observation.Message.Length == 0)
        {
            observation.Message = $"Veeam result '{vendorResult}'";
        }

        return observation;
    }

    /// <summary>A task that backs up or replicates a named object; only those say which VMs a job protects.</summary>
    public static bool IsVmTask(VeeamTaskSession task) =>
        !string.IsNullOrWhiteSpace(task.Name) && !NonProtectingTaskTypes.Contains(task.Type ?? "");

    /// <summary>One VM's part of a finished session, named so the collector's coverage can match it to the VM.</summary>
    /// <param name="sessionStart">The session's creation time, taken when the task has no readable one.</param>
    public Observation ToTaskObservation(VeeamSession session, DateTimeOffset sessionStart, VeeamTaskSession task, DateTimeOffset now)
    {
        var vm = task.Name!.Trim();
        var vendorResult = task.Result?.Result ?? "";
        var status = StatusOf(vendorResult);
        var job = IsJobId(session.JobId) ? jobsById.GetValueOrDefault(session.JobId!) : null;
        var jobName = job?.Name ?? session.Name ?? "";
        var start = VeeamTime.Parse(task.CreationTime) ?? sessionStart;
        var end = VeeamTime.Parse(task.EndTime) is { } parsed && parsed >= start ? parsed : start;
        var jobKey = $"{JobKey(session)}/vm/{vm}";
        var observation = new Observation
        {
            Id = StableId.Of(probeName, task.Id, vendorResult),
            RunId = task.Id,
            SourceKind = VeeamProbe.TaskSourceKind,
            // A key past the contract's limit would make the observation invalid; VM names that long are rare.
            JobKey = jobKey.Length <= ObservationLimits.MaxJobKeyLength ? jobKey : jobKey[..ObservationLimits.MaxJobKeyLength],
            JobName = jobName.Length == 0 ? vm : $"{jobName} — {vm}",
            ProtectedObject = vm,
            Status = status,
            StartTime = Timestamp.FromDateTimeOffset(start),
            EndTime = Timestamp.FromDateTimeOffset(end),
            Message = task.Result?.Message ?? "",
            Verification = new Verification { State = VerificationState.NotVerified },
            ObservedAt = Timestamp.FromDateTimeOffset(now),
            ProbeName = probeName,
        };
        if (task.Progress?.TransferredSize is { } size and >= 0)
        {
            observation.SizeBytes = size;
        }

        var attributes = observation.Attributes;
        attributes["session_id"] = session.Id;
        attributes["vm_name"] = vm;
        if (IsJobId(session.JobId))
        {
            attributes["job_id"] = session.JobId!;
        }

        Put(attributes, "task_type", task.Type);
        Put(attributes, "backup_type", BackupType(task.Algorithm));
        Put(attributes, "vendor_state", task.State);
        Put(attributes, "vendor_result", vendorResult);
        Put(attributes, "job_type", job?.Type);
        if (task.Result?.IsCanceled == true)
        {
            attributes["canceled"] = "true";
            if (observation.Message.Length == 0)
            {
                observation.Message = "canceled";
            }
        }

        if (status == RunStatus.Failed && !IsKnownResult(vendorResult) && observation.Message.Length == 0)
        {
            observation.Message = $"Veeam result '{vendorResult}'";
        }

        return observation;
    }

    /// <summary>A session says no backup type; when every VM it processed wrote the same kind, that is the session's.</summary>
    public static void TakeBackupType(Observation session, IReadOnlyCollection<Observation> vms)
    {
        var types = vms.Select(v => v.Attributes.TryGetValue("backup_type", out var type) ? type : null).Distinct().ToList();
        if (types is [{ } only])
        {
            session.Attributes["backup_type"] = only;
        }
    }

    public JobListing ToListing(VeeamJobState job)
    {
        var listing = new JobListing
        {
            JobKey = $"{probeName}/{job.Id}",
            JobName = job.Name ?? "",
            SourceKind = VeeamProbe.SourceKind,
            Enabled = !string.Equals(job.Status, "Disabled", StringComparison.OrdinalIgnoreCase),
        };
        if (VeeamTime.Parse(job.NextRun) is { } next)
        {
            listing.NextRun = Timestamp.FromDateTimeOffset(next);
        }

        Put(listing.Attributes, "type", job.Type);
        Put(listing.Attributes, "status", job.Status);
        Put(listing.Attributes, "repository", job.RepositoryName);
        Put(listing.Attributes, "last_result", job.LastResult);
        if (VeeamTime.Parse(job.LastRun) is { } last)
        {
            listing.Attributes["last_run"] = last.ToString("O", CultureInfo.InvariantCulture);
        }

        if (job.ObjectsCount is { } objects)
        {
            listing.Attributes["objects_count"] = objects.ToString(CultureInfo.InvariantCulture);
        }

        return listing;
    }

    private static RunStatus StatusOf(string result) => result.ToUpperInvariant() switch
    {
        "SUCCESS" => RunStatus.Success,
        "WARNING" => RunStatus.Warning,
        _ => RunStatus.Failed,
    };

    /// <summary>The contract's <c>backup_type</c> for the task's <c>algorithm</c>, so the collector compares a full
    /// with fulls and an increment with increments; <c>None</c> (nothing written) says no type.</summary>
    private static string? BackupType(string? algorithm)
    {
        var text = algorithm?.Trim() ?? "";
        return text.ToUpperInvariant() switch
        {
            "" or "NONE" => null,
            "FULL" => "full",
            "INCREMENT" => "incremental",
            "SYNTHETIC" => "synthetic full",
            _ => text.ToLowerInvariant(),
        };
    }

    private static bool IsKnownResult(string result) =>
        result.Equals("Success", StringComparison.OrdinalIgnoreCase)
        || result.Equals("Warning", StringComparison.OrdinalIgnoreCase)
        || result.Equals("Failed", StringComparison.OrdinalIgnoreCase);

    /// <summary>jobs/states carries the figures of each job's latest session only; they belong to this session when
    /// the job's last run started when it did.</summary>
    private static long? TransferredSize(VeeamJobState? job, DateTimeOffset start) =>
        job?.SessionProgress?.TransferredSize is { } size and >= 0
        && VeeamTime.Parse(job.LastRun) is { } lastRun
        && (lastRun - start).Duration() < TimeSpan.FromSeconds(1)
            ? size
            : null;

    private static bool IsJobId(string? jobId) =>
        !string.IsNullOrEmpty(jobId) && !(Guid.TryParse(jobId, out var guid) && guid == Guid.Empty);

    private static void Put(Google.Protobuf.Collections.MapField<string, string> attributes, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            attributes[key] = value;
        }
    }
}
