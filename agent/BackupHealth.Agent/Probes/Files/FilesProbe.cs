using System.Globalization;
using System.Security;
using BackupHealth.Agent.Probes.Shared;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.FileSystemGlobbing.Abstractions;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.Files;

/// <summary>Each file matching the pattern and modified within the lookback is one run of the job. Optionally, for
/// <c>check</c> on site, a verdict that the job is stale when its newest file is older than MaxAge (not sent to the
/// collector, which has its own expectation per job).</summary>
internal sealed class FilesProbe(FilesProbeOptions options, TimeProvider timeProvider, ILogger<FilesProbe> logger) : IProbe
{
    public const string TypeName = "files";
    public const string SourceKind = "files";

    /// <summary>Clocks of a NAS and this host differ a little; a file further in the future than this is not
    /// trusted as a run.</summary>
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public string Name => options.Name;

    public string Type => TypeName;

    public ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var folder = new DirectoryInfo(options.Path);
        if (!folder.Exists)
        {
            return ValueTask.FromResult(ProbeResult.Error($"folder {options.Path} does not exist or is not reachable"));
        }

        List<BackupFile> files;
        try
        {
            files = FindFiles(folder, now, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SecurityException)
        {
            return ValueTask.FromResult(ProbeResult.Error($"cannot read folder {options.Path}: {ex.Message}"));
        }

        var observations = files
            .Where(f => now - f.LastWriteUtc <= options.Lookback)
            .Select(f => ToRun(f, files.Count, now))
            .ToList();
        return ValueTask.FromResult(ProbeResult.Ok(observations) with
        {
            Verdicts = Staleness(files, now) is { } stale ? [stale] : [],
        });
    }

    private List<BackupFile> FindFiles(DirectoryInfo folder, DateTime now, CancellationToken cancellationToken)
    {
        var matcher = new Matcher();
        matcher.AddInclude(options.Pattern);
        var files = new List<BackupFile>();
        foreach (var match in matcher.Execute(new DirectoryInfoWrapper(folder)).Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(Path.Combine(folder.FullName, match.Path));
            if (!info.Exists)
            {
                continue; // removed by rotation between listing and stat
            }

            if (info.LastWriteTimeUtc > now + FutureTolerance)
            {
                Log.FileInFuture(logger, options.Name, match.Path, info.LastWriteTimeUtc);
                continue;
            }

            files.Add(new BackupFile(match.Path.Replace('\\', '/'), info.Length, info.LastWriteTimeUtc));
        }

        return files;
    }

    private Observation ToRun(BackupFile file, int fileCount, DateTime now)
    {
        var shrank = file.Size < options.MinSizeBytes;
        var observation = NewObservation(
            StableId.Of(options.Name, file.RelativePath, file.Size.ToString(CultureInfo.InvariantCulture),
                file.LastWriteUtc.Ticks.ToString(CultureInfo.InvariantCulture)),
            shrank ? RunStatus.Failed : RunStatus.Success,
            file.LastWriteUtc,
            now);
        observation.SizeBytes = file.Size;
        observation.Message = shrank
            ? $"backup file is {file.Size} bytes, smaller than MinSizeBytes {options.MinSizeBytes}: a backup that silently shrank"
            : "";
        observation.Attributes["path"] = file.RelativePath;
        observation.Attributes["file_count"] = fileCount.ToString(CultureInfo.InvariantCulture);
        return observation;
    }

    private Observation? Staleness(List<BackupFile> files, DateTime now)
    {
        if (options.MaxAge is not { } maxAge)
        {
            return null;
        }

        var newest = files.MaxBy(f => f.LastWriteUtc);
        if (newest is not null && now - newest.LastWriteUtc <= maxAge)
        {
            return null;
        }

        var newestKey = newest is null
            ? "none"
            : $"{newest.RelativePath}\0{newest.LastWriteUtc.Ticks.ToString(CultureInfo.InvariantCulture)}";
        var observation = NewObservation(StableId.Of(options.Name, "stale", newestKey), RunStatus.Failed, newest?.LastWriteUtc ?? now, now);
        observation.Message = newest is null
            ? $"no file matches {options.Pattern} in {options.Path}"
            : $"newest backup file is {AgeText.Format(now - newest.LastWriteUtc)} old (MaxAge {AgeText.Format(maxAge)})";
        observation.Attributes["stale"] = "true";
        observation.Attributes["file_count"] = files.Count.ToString(CultureInfo.InvariantCulture);
        if (newest is not null)
        {
            observation.Attributes["path"] = newest.RelativePath;
        }

        return observation;
    }

    private Observation NewObservation(string id, RunStatus status, DateTime time, DateTime now) => new()
    {
        Id = id,
        SourceKind = SourceKind,
        JobKey = options.Name,
        JobName = string.IsNullOrEmpty(options.JobName) ? options.Name : options.JobName,
        ProtectedObject = options.Path,
        Status = status,
        StartTime = Timestamp.FromDateTime(time),
        EndTime = Timestamp.FromDateTime(time),
        Verification = new Verification { State = VerificationState.NotVerified },
        ObservedAt = Timestamp.FromDateTime(now),
        ProbeName = options.Name,
    };
}
