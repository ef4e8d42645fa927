using System.Globalization;
using System.Text.Json;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.Restic;

/// <summary>Lists a restic repository's snapshots (<c>restic snapshots --json</c>) and reports each once as a
/// finished run; every <see cref="ResticProbeOptions.CheckInterval"/> it runs <c>restic check</c> and reports the
/// verdict as the verification of the newest snapshot of each job. Works with restic versions before 0.17 (no
/// <c>summary</c> block, every failure exit code 1) and after.</summary>
internal sealed class ResticProbe(
    ResticProbeOptions options,
    ICommandRunner commands,
    TimeProvider timeProvider,
    IProbeStateStore state,
    ILogger<ResticProbe> logger) : IProbe
{
    public const string TypeName = "restic";
    public const string SourceKind = "restic";

    public string Name => options.Name;

    public string Type => TypeName;

    public CommandSpec SnapshotsCommand
    {
        get
        {
            // --no-lock: listing is read-only, so it neither waits for nor blocks a running backup or prune.
            var arguments = new List<string> { "snapshots", "--json", "--no-lock" };
            AddCacheDirectory(arguments);
            if (options.Host.Length > 0)
            {
                arguments.AddRange(["--host", options.Host]);
            }

            foreach (var tag in options.Tags)
            {
                arguments.AddRange(["--tag", tag]);
            }

            foreach (var path in options.Paths)
            {
                arguments.AddRange(["--path", path]);
            }

            return new CommandSpec(options.Executable, arguments, options.Timeout, Environment());
        }
    }

    public CommandSpec CheckCommand
    {
        get
        {
            var arguments = new List<string> { "check" };
            AddCacheDirectory(arguments);
            if (options.CheckReadDataSubset.Length > 0)
            {
                arguments.Add($"--read-data-subset={options.CheckReadDataSubset}");
            }

            return new CommandSpec(options.Executable, arguments, options.CheckTimeout, Environment());
        }
    }

    public async ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        var command = SnapshotsCommand;
        var result = await commands.RunAsync(command, cancellationToken);
        if (!result.Started || result.TimedOut || result.ExitCode is not (0 or ResticFailure.ExitIncomplete))
        {
            return ProbeResult.Error(ResticFailure.Describe(command, result, options.Repository));
        }

        List<ResticSnapshot> snapshots;
        try
        {
            snapshots = JsonSerializer.Deserialize(result.StandardOutput, ResticJsonContext.Default.ListResticSnapshot) ?? [];
        }
        catch (JsonException ex)
        {
            return ProbeResult.Error($"{command.Display} printed something that is not a snapshot list: {ex.Message}");
        }

        var runs = new List<ResticRun>();
        foreach (var snapshot in snapshots)
        {
            if (snapshot.Id.Length == 0 || !ResticTime.TryParse(snapshot.Time, out var time))
            {
                // A changed output format must show as a probe problem, not as "no backups".
                return ProbeResult.Error($"{command.Display} printed a snapshot without an id or a readable time (id '{snapshot.Id}', time '{snapshot.Time}')");
            }

            runs.Add(new ResticRun(snapshot, time));
        }

        Log.ResticListed(logger, options.Name, runs.Count, runs.Count(r => r.Snapshot.Summary is not null));
        string? incomplete = null;
        if (result.ExitCode == ResticFailure.ExitIncomplete)
        {
            incomplete = ResticFailure.Summary(result.StandardError);
            Log.ResticIncomplete(logger, options.Name, incomplete);
        }

        var saved = state.Load(ResticJsonContext.Default.ResticState) ?? new ResticState();
        var check = runs.Count > 0 ? await CheckIfDueAsync(saved, cancellationToken) : null;
        var observations = Report(runs, saved, incomplete, check);
        return ProbeResult.Ok(observations);
    }

    private async Task<ResticCheckOutcome?> CheckIfDueAsync(ResticState saved, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (options.CheckInterval is not { } interval
            || (saved.LastCheckTicks is { } last && now - new DateTimeOffset(last, TimeSpan.Zero) < interval))
        {
            return null;
        }

        Log.ResticCheckStarted(logger, options.Name);
        var command = CheckCommand;
        var result = await commands.RunAsync(command, cancellationToken);
        if (result.TimedOut)
        {
            // Not a verdict on the repository, but trying again every cycle would keep the repository busy.
            saved.LastCheckTicks = now.UtcTicks;
            Log.ResticCheckNoVerdict(logger, options.Name, result.Describe(command));
            return null;
        }

        if (!result.Started || (result.ExitCode != 0 && ResticFailure.Classify(result) != ResticFailure.Kind.Other))
        {
            Log.ResticCheckNoVerdict(logger, options.Name, ResticFailure.Describe(command, result, options.Repository));
            return null;
        }

        saved.LastCheckTicks = now.UtcTicks;
        var subset = options.CheckReadDataSubset.Length > 0 ? $" (read data subset {options.CheckReadDataSubset})" : " (structure only, no pack data read)";
        if (result.ExitCode == 0)
        {
            Log.ResticCheckPassed(logger, options.Name);
            return new ResticCheckOutcome(true, $"restic check found no errors{subset}", now);
        }

        var errors = ResticFailure.Summary(result.StandardError);
        Log.ResticCheckFailed(logger, options.Name, errors);
        return new ResticCheckOutcome(false, $"restic check exited with code {result.ExitCode}{subset}: {errors}", now);
    }

    private List<Observation> Report(List<ResticRun> runs, ResticState saved, string? incomplete, ResticCheckOutcome? check)
    {
        var now = timeProvider.GetUtcNow();
        var reported = saved.Reported.ToHashSet(StringComparer.Ordinal);
        var newest = runs.GroupBy(r => GroupKey(r.Snapshot), StringComparer.Ordinal)
            .Select(g => g.MaxBy(r => r.End)!.Snapshot.Id)
            .ToHashSet(StringComparer.Ordinal);
        var newestOverall = runs.Count > 0 ? runs.MaxBy(r => r.End)!.Snapshot.Id : null;
        if (incomplete is not null && newestOverall is not null)
        {
            saved.Incomplete[newestOverall] = incomplete;
        }

        var next = new ResticState { LastCheckTicks = saved.LastCheckTicks };
        var observations = new List<Observation>();
        foreach (var run in runs.OrderBy(r => r.End))
        {
            var id = run.Snapshot.Id;
            var verified = check is not null && newest.Contains(id);
            if (now - run.End > options.Lookback && !verified)
            {
                continue;
            }

            var warning = saved.Incomplete.GetValueOrDefault(id);
            if (warning is not null)
            {
                next.Incomplete[id] = warning;
            }

            var plainId = ObservationId(id, RunStatus.Success, null);
            var observation = ToObservation(run, warning, verified ? check : null, now);
            next.Reported.Add(plainId);
            next.Reported.Add(observation.Id);
            if (!reported.Contains(observation.Id))
            {
                observations.Add(observation);
            }
        }

        state.Save(next, ResticJsonContext.Default.ResticState);
        return observations;
    }

    private Observation ToObservation(ResticRun run, string? incomplete, ResticCheckOutcome? check, DateTimeOffset now)
    {
        var snapshot = run.Snapshot;
        var status = incomplete is null ? RunStatus.Success : RunStatus.Warning;
        var (jobKey, jobName) = Job(snapshot);
        var observation = new Observation
        {
            Id = ObservationId(snapshot.Id, status, check),
            RunId = Limit(snapshot.Id, ObservationLimits.MaxIdLength),
            SourceKind = SourceKind,
            JobKey = jobKey,
            JobName = jobName,
            ProtectedObject = Limit(snapshot.Hostname, ObservationLimits.MaxNameLength),
            Status = status,
            StartTime = Timestamp.FromDateTimeOffset(run.Start),
            EndTime = Timestamp.FromDateTimeOffset(run.End),
            SizeBytes = Math.Max(0, snapshot.Summary?.TotalBytesProcessed ?? 0),
            Verification = check is null
                ? new Verification { State = VerificationState.NotVerified }
                : new Verification
                {
                    State = check.Passed ? VerificationState.Passed : VerificationState.Failed,
                    Detail = Limit(check.Detail, ObservationLimits.MaxMessageLength),
                },
            Message = incomplete is null ? "" : Limit($"restic exited with code 3: the snapshot was made but some source data could not be read: {incomplete}", ObservationLimits.MaxMessageLength),
            ObservedAt = Timestamp.FromDateTimeOffset(now),
            ProbeName = options.Name,
        };
        var attributes = observation.Attributes;
        attributes["snapshot_id"] = Limit(snapshot.Id, ObservationLimits.MaxAttributeValueLength);
        attributes["short_id"] = Limit(snapshot.ShortId, ObservationLimits.MaxAttributeValueLength);
        attributes["hostname"] = Limit(snapshot.Hostname, ObservationLimits.MaxAttributeValueLength);
        attributes["username"] = Limit(snapshot.Username, ObservationLimits.MaxAttributeValueLength);
        attributes["paths"] = Limit(string.Join('\n', snapshot.Paths ?? []), ObservationLimits.MaxAttributeValueLength);
        attributes["tags"] = Limit(string.Join(',', snapshot.Tags ?? []), ObservationLimits.MaxAttributeValueLength);
        attributes["repository"] = Limit(ResticFailure.Redact(options.Repository), ObservationLimits.MaxAttributeValueLength);
        if (snapshot.ProgramVersion is { Length: > 0 } version)
        {
            attributes["program_version"] = Limit(version, ObservationLimits.MaxAttributeValueLength);
        }

        if (snapshot.Summary is { } summary)
        {
            Add(attributes, "data_added", summary.DataAdded);
            Add(attributes, "data_added_packed", summary.DataAddedPacked);
            Add(attributes, "total_files_processed", summary.TotalFilesProcessed);
            Add(attributes, "files_new", summary.FilesNew);
            Add(attributes, "files_changed", summary.FilesChanged);
        }

        if (check is not null)
        {
            attributes["checked_at"] = check.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        }

        return observation;
    }

    /// <summary>Same snapshot, same status and same check ⇒ same id; a later check's verdict is a new fact about the
    /// same run (same run id).</summary>
    private string ObservationId(string snapshotId, RunStatus status, ResticCheckOutcome? check) =>
        StableId.Of(
            options.Name,
            snapshotId,
            status.ToString(),
            check is null ? "" : $"check {check.At.UtcTicks.ToString(CultureInfo.InvariantCulture)} {(check.Passed ? "passed" : "failed")}");

    private string GroupKey(ResticSnapshot snapshot) => options.JobPer switch
    {
        ResticJobPer.Host => snapshot.Hostname,
        ResticJobPer.HostAndPaths => snapshot.Hostname + "\0" + string.Join('\0', (snapshot.Paths ?? []).Order(StringComparer.Ordinal)),
        _ => "",
    };

    private (string Key, string Name) Job(ResticSnapshot snapshot)
    {
        if (options.JobPer == ResticJobPer.Repository)
        {
            return (options.Name, options.JobName.Length > 0 ? options.JobName : options.Name);
        }

        var host = snapshot.Hostname;
        if (options.JobPer == ResticJobPer.Host)
        {
            return (Key($"{options.Name}/{host}"), Limit(host, ObservationLimits.MaxNameLength));
        }

        var paths = (snapshot.Paths ?? []).Order(StringComparer.Ordinal).ToList();
        var key = $"{options.Name}/{host}:{string.Join(',', paths)}";
        return (Key(key), Limit($"{host} {string.Join(", ", paths)}", ObservationLimits.MaxNameLength));
    }

    /// <summary>A key too long for the contract keeps its readable start and ends in a hash of the whole.</summary>
    private static string Key(string key) =>
        key.Length <= ObservationLimits.MaxJobKeyLength ? key : key[..(ObservationLimits.MaxJobKeyLength - 33)] + "#" + StableId.Of(key);

    private Dictionary<string, string?> Environment()
    {
        var environment = options.Environment.ToDictionary(e => e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        environment["RESTIC_REPOSITORY"] = options.Repository;
        // Whatever the agent's own environment says must not choose another repository or password.
        environment["RESTIC_REPOSITORY_FILE"] = null;
        environment["RESTIC_PASSWORD_COMMAND"] = null;
        environment["RESTIC_PASSWORD"] = string.IsNullOrEmpty(options.PasswordFile) ? options.Password : null;
        environment["RESTIC_PASSWORD_FILE"] = string.IsNullOrEmpty(options.PasswordFile) ? null : options.PasswordFile;
        // The parser reads restic's JSON, and messages are matched in English.
        environment["LC_ALL"] = "C.UTF-8";
        return environment;
    }

    private void AddCacheDirectory(List<string> arguments)
    {
        if (options.CacheDirectory.Length > 0)
        {
            arguments.AddRange(["--cache-dir", options.CacheDirectory]);
        }
    }

    private static void Add(Google.Protobuf.Collections.MapField<string, string> attributes, string key, long? value)
    {
        if (value is { } v)
        {
            attributes[key] = v.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static string Limit(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>A snapshot with its times: the backup's start and end from the summary block when there is one, else
    /// the snapshot time (when the backup started) for both — restic before 0.17 does not record the end.</summary>
    private sealed record ResticRun(ResticSnapshot Snapshot, DateTimeOffset Time)
    {
        public DateTimeOffset Start { get; } = ResticTime.TryParse(Snapshot.Summary?.BackupStart, out var start) ? start : Time;

        public DateTimeOffset End => ResticTime.TryParse(Snapshot.Summary?.BackupEnd, out var end) && end >= Start ? end : Start;
    }
}
