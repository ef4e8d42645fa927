using System.Globalization;
using System.Security;
using BackupHealth.Agent.Probes.Files;
using BackupHealth.Agent.Probes.Shared;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Telemetry;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.FileSystemGlobbing.Abstractions;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.Xva;

/// <summary>A folder of XVA exports: each new or changed file, once it has settled, is verified end to end and its
/// verdict remembered, so it is read once; a file still being written is reported RUNNING. One job per probe (the
/// folder); the VM of each export is its protected object.</summary>
internal sealed class XvaProbe(
    XvaProbeOptions options, TimeProvider timeProvider, IProbeStateStore store, ILogger<XvaProbe> logger, AgentMetrics? metrics = null) : IProbe
{
    public const string TypeName = "xva";
    public const string SourceKind = "xenserver.xva";

    private readonly Lock _stateLock = new();

    public string Name => options.Name;

    public string Type => TypeName;

    public async ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var folder = new DirectoryInfo(options.Path);
        if (!folder.Exists)
        {
            return ProbeResult.Error($"folder {options.Path} does not exist or is not reachable");
        }

        List<BackupFile> files;
        try
        {
            files = FindFiles(folder, now);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SecurityException)
        {
            return ProbeResult.Error($"cannot read folder {options.Path}: {ex.Message}");
        }

        var state = store.Load(XvaStateJsonContext.Default.XvaProbeState) ?? new XvaProbeState();
        var observations = new List<Observation>();
        var toVerify = new List<BackupFile>();
        foreach (var file in files)
        {
            var record = state.Files.GetValueOrDefault(file.RelativePath);
            if (record is { Passed: not null } && record.IsSameVersion(file.Size, file.LastWriteUtc))
            {
                observations.Add(Finished(file, record, now));
            }
            else if (now - file.LastWriteUtc < options.SettleTime || (record is not null && record.Size != file.Size))
            {
                var running = StillBeingWritten(file, record, now);
                state.Files[file.RelativePath] = running;
                observations.Add(Running(file, running, now));
            }
            else
            {
                toVerify.Add(file);
            }
        }

        foreach (var gone in state.Files.Keys.Except(files.Select(f => f.RelativePath)).ToList())
        {
            state.Files.Remove(gone);
        }

        Save(state);
        await Parallel.ForEachAsync(
            toVerify,
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrent, CancellationToken = cancellationToken },
            (file, token) =>
            {
                if (Verify(file, token) is { } record)
                {
                    lock (_stateLock)
                    {
                        // A file seen being written keeps that run's id, so its verdict replaces the RUNNING fact.
                        if (state.Files.GetValueOrDefault(file.RelativePath) is { Passed: null, RunningSinceTicks: { } since })
                        {
                            record.RunningSinceTicks = since;
                        }

                        state.Files[file.RelativePath] = record;
                        observations.Add(Finished(file, record, now));
                        Save(state);
                    }
                }

                return ValueTask.CompletedTask;
            });
        return ProbeResult.Ok(observations);
    }

    private List<BackupFile> FindFiles(DirectoryInfo folder, DateTime now)
    {
        var matcher = new Matcher();
        matcher.AddInclude(options.Pattern);
        var files = new List<BackupFile>();
        foreach (var match in matcher.Execute(new DirectoryInfoWrapper(folder)).Files)
        {
            var info = new FileInfo(Path.Combine(folder.FullName, match.Path));
            if (info.Exists && now - info.LastWriteTimeUtc <= options.Lookback)
            {
                files.Add(new BackupFile(match.Path.Replace('\\', '/'), info.Length, info.LastWriteTimeUtc));
            }
        }

        return files;
    }

    /// <returns>The verdict, or null when the file could not be read or changed while it was read (next run).</returns>
    private XvaFileRecord? Verify(BackupFile file, CancellationToken cancellationToken)
    {
        var path = Path.Combine(options.Path, file.RelativePath);
        Log.XvaVerifying(logger, options.Name, file.RelativePath, file.Size);
        XvaVerification result;
        try
        {
            result = XvaVerifier.Verify(path, null, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SecurityException)
        {
            Log.XvaUnreadable(logger, options.Name, file.RelativePath, ex.Message);
            return null;
        }

        var after = new FileInfo(path);
        if (!after.Exists || after.Length != file.Size || after.LastWriteTimeUtc != file.LastWriteUtc)
        {
            Log.XvaInProgress(logger, options.Name, file.RelativePath, after.Exists ? after.Length : 0, after.LastWriteTimeUtc);
            return null;
        }

        metrics?.BytesVerified(options.Name, result.BytesVerified, result.Passed);
        if (result.Passed)
        {
            Log.XvaPassed(logger, options.Name, file.RelativePath, result.Summary, result.Elapsed);
        }
        else
        {
            Log.XvaFailed(logger, options.Name, file.RelativePath, result.Summary);
        }

        return new XvaFileRecord
        {
            Size = file.Size,
            LastWriteTicks = file.LastWriteUtc.Ticks,
            Passed = result.Passed,
            Reason = result.Reason,
            Detail = result.Summary,
            VmName = result.VmName,
            VmUuid = result.VmUuid,
            Disks = result.Disks.Count,
            Chunks = result.Chunks,
            BytesVerified = result.BytesVerified,
            HashAlgorithm = result.HashAlgorithm,
            Compression = result.Compression,
            VerifiedAtTicks = timeProvider.GetUtcNow().UtcTicks,
        };
    }

    private XvaFileRecord StillBeingWritten(BackupFile file, XvaFileRecord? record, DateTime now)
    {
        Log.XvaInProgress(logger, options.Name, file.RelativePath, file.Size, file.LastWriteUtc);
        var runningSince = record is { Passed: null, RunningSinceTicks: { } since } ? since : now.Ticks;
        return new XvaFileRecord { Size = file.Size, LastWriteTicks = file.LastWriteUtc.Ticks, RunningSinceTicks = runningSince };
    }

    /// <summary>One export seen while being written and then verified is one run: keyed by the file and when the
    /// probe first saw it growing. A file that was already complete at first sight needs no run id.</summary>
    private string RunId(BackupFile file, XvaFileRecord record) =>
        record.RunningSinceTicks is { } since
            ? StableId.Of(options.Name, file.RelativePath, since.ToString(CultureInfo.InvariantCulture))
            : "";

    private Observation Running(BackupFile file, XvaFileRecord record, DateTime now)
    {
        var since = new DateTime(record.RunningSinceTicks!.Value, DateTimeKind.Utc);
        var observation = NewObservation(
            StableId.Of(options.Name, file.RelativePath, "running", record.RunningSinceTicks.Value.ToString(CultureInfo.InvariantCulture)),
            RunStatus.Running,
            Path.GetFileName(file.RelativePath),
            now);
        observation.StartTime = Timestamp.FromDateTime(since);
        observation.RunId = RunId(file, record);
        observation.SizeBytes = file.Size;
        observation.Message = $"still being written: {XvaSummary.Bytes(file.Size)}, last modified {AgeText.Format(now - file.LastWriteUtc)} ago (SettleTime {AgeText.Format(options.SettleTime)})";
        observation.Verification = new Verification { State = VerificationState.NotVerified };
        observation.Attributes["path"] = Limit(file.RelativePath, ObservationLimits.MaxAttributeValueLength);
        return observation;
    }

    private Observation Finished(BackupFile file, XvaFileRecord record, DateTime now)
    {
        var passed = record.Passed == true;
        var observation = NewObservation(
            StableId.Of(options.Name, file.RelativePath, file.Size.ToString(CultureInfo.InvariantCulture),
                file.LastWriteUtc.Ticks.ToString(CultureInfo.InvariantCulture), passed ? "passed" : "failed"),
            // The export ran and left a settled file: the run is done. Whether its content is sound is the
            // verification's to say (verification_failed), not a failed run as well (docs/contract.md).
            RunStatus.Success,
            record.VmName.Length > 0 ? record.VmName : Path.GetFileName(file.RelativePath),
            now);
        observation.StartTime = Timestamp.FromDateTime(file.LastWriteUtc);
        observation.EndTime = Timestamp.FromDateTime(file.LastWriteUtc);
        observation.RunId = RunId(file, record);
        observation.SizeBytes = file.Size;
        observation.Verification = new Verification
        {
            State = passed ? VerificationState.Passed : VerificationState.Failed,
            Detail = Limit(record.Detail, ObservationLimits.MaxMessageLength),
        };
        var attributes = observation.Attributes;
        attributes["path"] = Limit(file.RelativePath, ObservationLimits.MaxAttributeValueLength);
        attributes["disks"] = record.Disks.ToString(CultureInfo.InvariantCulture);
        attributes["chunks"] = record.Chunks.ToString(CultureInfo.InvariantCulture);
        attributes["bytes_verified"] = record.BytesVerified.ToString(CultureInfo.InvariantCulture);
        attributes["hash_algorithm"] = record.HashAlgorithm;
        attributes["compression"] = record.Compression;
        if (record.VmUuid.Length > 0)
        {
            attributes["vm_uuid"] = Limit(record.VmUuid, ObservationLimits.MaxAttributeValueLength);
        }

        return observation;
    }

    private Observation NewObservation(string id, RunStatus status, string protectedObject, DateTime now) => new()
    {
        Id = id,
        SourceKind = SourceKind,
        JobKey = options.Name,
        JobName = string.IsNullOrEmpty(options.JobName) ? options.Name : options.JobName,
        ProtectedObject = Limit(protectedObject, ObservationLimits.MaxNameLength),
        Status = status,
        ObservedAt = Timestamp.FromDateTime(now),
        ProbeName = options.Name,
    };

    private void Save(XvaProbeState state) => store.Save(state, XvaStateJsonContext.Default.XvaProbeState);

    private static string Limit(string text, int length) => text.Length <= length ? text : text[..length];
}
