using System.Globalization;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Agent.Probes.Command;

/// <summary>Turns the runs a script prints in <see cref="CommandOutputMode.Json"/> mode into observations, or says
/// what is wrong with one (the text follows the element's name in the probe error).</summary>
internal sealed class CommandRunMapper(string probeName)
{
    /// <summary>The job key of a job the script names, the same for its runs and its listing so that both meet on one
    /// job at the collector: <c>&lt;probe name&gt;/&lt;jobKey or jobName&gt;</c>.</summary>
    public static string JobKey(string probeName, string? jobKey, string jobName) => $"{probeName}/{LocalKey(jobKey, jobName)}";

    public (Observation? Observation, string? Problem) ToObservation(CommandJsonObservation? item, DateTimeOffset now)
    {
        if (item is null)
        {
            return (null, "is null");
        }

        if (string.IsNullOrWhiteSpace(item.JobName))
        {
            return (null, "jobName is missing");
        }

        if (StatusOf(item.Status) is not { } status)
        {
            return (null, $"status '{item.Status}' is not one of success, warning, failed, running");
        }

        if (!CommandJsonTime.TryParse(item.StartTime, out var start, out var startProblem))
        {
            return (null, $"startTime {startProblem}");
        }

        DateTimeOffset? end = null;
        if (item.EndTime is not null || status != RunStatus.Running)
        {
            if (!CommandJsonTime.TryParse(item.EndTime, out var parsedEnd, out var endProblem))
            {
                return (null, status == RunStatus.Running ? $"endTime {endProblem}" : $"endTime {endProblem} (required unless running)");
            }

            end = parsedEnd;
        }

        if (item.SizeBytes is < 0)
        {
            return (null, $"sizeBytes {item.SizeBytes} is negative");
        }

        if (item.WillRetry == true && status != RunStatus.Failed)
        {
            return (null, $"willRetry is true on a {status.ToString().ToLowerInvariant()} run: only a failed run is retried");
        }

        var (verification, verificationProblem) = VerificationOf(item.Verification, status);
        if (verificationProblem is not null)
        {
            return (null, verificationProblem);
        }

        var key = LocalKey(item.JobKey, item.JobName);
        var startTicks = start.UtcTicks.ToString(CultureInfo.InvariantCulture);
        var observation = new Observation
        {
            // The same run printed again gives the same id (the script may print its last N runs every time).
            Id = StableId.Of(probeName, key, startTicks, status.ToString(), end?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? ""),
            RunId = StableId.Of(probeName, key, startTicks),
            SourceKind = CommandProbe.SourceKind,
            JobKey = JobKey(probeName, item.JobKey, item.JobName),
            JobName = item.JobName,
            ProtectedObject = item.ProtectedObject ?? "",
            Status = status,
            StartTime = Timestamp.FromDateTimeOffset(start),
            SizeBytes = item.SizeBytes ?? 0,
            Message = item.Message ?? "",
            WillRetry = item.WillRetry == true,
            Verification = verification,
            ObservedAt = Timestamp.FromDateTimeOffset(now),
            ProbeName = probeName,
        };
        if (end is { } ended)
        {
            observation.EndTime = Timestamp.FromDateTimeOffset(ended);
        }

        foreach (var (name, value) in item.Attributes ?? [])
        {
            observation.Attributes[name] = value ?? "";
        }

        return (observation, null);
    }

    private static string LocalKey(string? jobKey, string jobName) => string.IsNullOrWhiteSpace(jobKey) ? jobName : jobKey;

    private static RunStatus? StatusOf(string? text) => text?.ToUpperInvariant() switch
    {
        "SUCCESS" => RunStatus.Success,
        "WARNING" => RunStatus.Warning,
        "FAILED" => RunStatus.Failed,
        "RUNNING" => RunStatus.Running,
        _ => null,
    };

    private static (Verification Verification, string? Problem) VerificationOf(CommandJsonVerification? printed, RunStatus status)
    {
        if (printed is null)
        {
            return (new Verification { State = VerificationState.NotVerified }, null);
        }

        VerificationState? state = printed.State?.ToUpperInvariant() switch
        {
            "PASSED" => VerificationState.Passed,
            "FAILED" => VerificationState.Failed,
            "NOTVERIFIED" => VerificationState.NotVerified,
            _ => null,
        };
        if (state is not { } known)
        {
            return (new Verification(), printed.State is null
                ? "verification.state is missing"
                : $"verification.state '{printed.State}' is not one of passed, failed, notVerified");
        }

        // A run is verified after it has written its backup; a verdict on a running one is a script's mistake.
        if (status == RunStatus.Running && known != VerificationState.NotVerified)
        {
            return (new Verification(), $"verification.state '{printed.State}' on a running run: only a finished run is verified");
        }

        return (new Verification { State = known, Detail = printed.Detail ?? "" }, null);
    }
}
