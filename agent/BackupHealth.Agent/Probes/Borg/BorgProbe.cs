using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Probes.Shared.Http;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.Borg;

/// <summary>Lists a Borg repository's archives (<c>borg list --json</c>), reads the newest one's statistics
/// (<c>borg info --json --last 1</c>) and reports each archive once as a run; checkpoint archives (an interrupted
/// backup) are warnings. Every <see cref="BorgProbeOptions.CheckInterval"/> it runs <c>borg check</c> and reports
/// the verdict as the verification of the newest archive. Borg 1.1 and 1.2; borg 2 is refused.</summary>
internal sealed partial class BorgProbe(
    BorgProbeOptions options,
    ICommandRunner commands,
    TimeProvider timeProvider,
    IProbeStateStore state,
    ILogger<BorgProbe> logger) : IProbe
{
    public const string TypeName = "borg";
    public const string SourceKind = "borg";
    public const string CheckpointMessage = "checkpoint (interrupted backup)";

    private static readonly Version ConsiderCheckpointsSince = new(1, 2);
    private static readonly Version Unsupported = new(2, 0);

    private readonly TimeZoneInfo _zone = options.ResolveZone();
    private Version? _version;

    public string Name => options.Name;

    public string Type => TypeName;

    public async ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        if (_version is null)
        {
            var versionCommand = new CommandSpec(options.Executable, ["--version"], options.Timeout, Environment());
            var printed = await commands.RunAsync(versionCommand, cancellationToken);
            if (!printed.Started || printed.TimedOut || printed.ExitCode != 0)
            {
                return ProbeResult.Error(printed.Describe(versionCommand));
            }

            if (BorgVersion.Parse(printed.StandardOutput) is not { } version)
            {
                return ProbeResult.Error($"{versionCommand.Display} printed no borg version: '{printed.StandardOutput.Trim()}'");
            }

            if (version >= Unsupported)
            {
                return ProbeResult.Error($"borg {version} is not supported (its repositories and commands differ from borg 1.x)");
            }

            _version = version;
        }

        var list = ListCommand(_version);
        var (listed, listError) = await ReadAsync(list, cancellationToken);
        if (listError is not null)
        {
            return ProbeResult.Error(listError);
        }

        var archives = listed!;
        foreach (var archive in archives)
        {
            if (archive.Name.Length == 0 || archive.Id.Length == 0 || !TryLocal(archive.Start ?? archive.Time, out _))
            {
                return ProbeResult.Error($"{list.Display} printed an archive without a name, id or readable time (name '{archive.Name}', start '{archive.Start ?? archive.Time}')");
            }
        }

        Log.BorgListed(logger, options.Name, _version.ToString(), archives.Count);
        var saved = state.Load(BorgJsonContext.Default.BorgState) ?? new BorgState();
        BorgArchive? details = null;
        // borg lists oldest first; among archives of the same second the later-listed one is the newer.
        var newest = archives.Count > 0 ? archives.Select((a, i) => (Archive: a, Index: i)).MaxBy(x => (Start(x.Archive), x.Index)).Archive : null;
        if (newest is not null && !saved.Reported.Contains(PlainId(newest)))
        {
            var info = InfoCommand;
            var (described, infoError) = await ReadAsync(info, cancellationToken);
            if (infoError is not null)
            {
                return ProbeResult.Error(infoError);
            }

            // info --last 1 may name a checkpoint that list (before --consider-checkpoints) did not show.
            details = described!.LastOrDefault();
            if (details is not null && !archives.Any(a => a.Id == details.Id) && TryLocal(details.Start, out _))
            {
                archives.Add(details);
                newest = details;
            }
        }

        var check = newest is not null ? await CheckIfDueAsync(saved, cancellationToken) : null;
        return ProbeResult.Ok(Report(archives, newest, details, saved, check));
    }

    private CommandSpec ListCommand(Version version)
    {
        var arguments = Global();
        arguments.AddRange(["list", "--json"]);
        if (version >= ConsiderCheckpointsSince)
        {
            // Borg 1.2 hides checkpoint archives from list; they are exactly the interrupted backups worth reporting.
            arguments.Add("--consider-checkpoints");
        }

        AddGlob(arguments);
        return new CommandSpec(options.Executable, arguments, options.Timeout, Environment());
    }

    private CommandSpec InfoCommand
    {
        get
        {
            var arguments = Global();
            arguments.AddRange(["info", "--json", "--last", "1"]);
            AddGlob(arguments);
            return new CommandSpec(options.Executable, arguments, options.Timeout, Environment());
        }
    }

    private CommandSpec CheckCommand
    {
        get
        {
            var arguments = Global();
            arguments.Add("check");
            if (options.CheckVerifyData)
            {
                arguments.Add("--verify-data");
            }

            AddGlob(arguments);
            return new CommandSpec(options.Executable, arguments, options.CheckTimeout, Environment());
        }
    }

    private async Task<(List<BorgArchive>? Archives, string? Error)> ReadAsync(CommandSpec command, CancellationToken cancellationToken)
    {
        var result = await commands.RunAsync(command, cancellationToken);
        if (!result.Started || result.TimedOut || result.ExitCode is not (0 or BorgFailure.ReturnWarning))
        {
            return (null, BorgFailure.Describe(command, result, options.Repository));
        }

        if (result.ExitCode == BorgFailure.ReturnWarning)
        {
            Log.BorgWarning(logger, options.Name, command.Arguments.FirstOrDefault(a => !a.StartsWith('-') && !char.IsDigit(a[0])) ?? "", BorgFailure.Summary(result.StandardError));
        }

        try
        {
            var document = JsonSerializer.Deserialize(result.StandardOutput, BorgJsonContext.Default.BorgArchiveList);
            return document?.Archives is { } archives
                ? (archives, null)
                : (null, $"{command.Display} printed no archive list");
        }
        catch (JsonException ex)
        {
            return (null, $"{command.Display} printed something that is not borg's JSON: {ex.Message}");
        }
    }

    private async Task<BorgCheckOutcome?> CheckIfDueAsync(BorgState saved, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (options.CheckInterval is not { } interval
            || (saved.LastCheckTicks is { } last && now - new DateTimeOffset(last, TimeSpan.Zero) < interval))
        {
            return null;
        }

        Log.BorgCheckStarted(logger, options.Name);
        var command = CheckCommand;
        var result = await commands.RunAsync(command, cancellationToken);
        if (result.TimedOut)
        {
            // Not a verdict on the repository, but trying again every cycle would keep it locked.
            saved.LastCheckTicks = now.UtcTicks;
            Log.BorgCheckNoVerdict(logger, options.Name, result.Describe(command));
            return null;
        }

        if (!result.Started || (result.ExitCode >= BorgFailure.ReturnError && BorgFailure.Classify(result) != BorgFailure.Kind.Other))
        {
            Log.BorgCheckNoVerdict(logger, options.Name, BorgFailure.Describe(command, result, options.Repository));
            return null;
        }

        saved.LastCheckTicks = now.UtcTicks;
        var scope = options.CheckVerifyData ? " (with --verify-data)" : " (repository and archive metadata; chunk data by CRC only)";
        if (result.ExitCode == 0)
        {
            Log.BorgCheckPassed(logger, options.Name);
            return new BorgCheckOutcome(true, $"borg check found no errors{scope}", now);
        }

        var errors = BorgFailure.Summary(result.StandardError);
        Log.BorgCheckFailed(logger, options.Name, errors);
        return new BorgCheckOutcome(false, $"borg check returned {result.ExitCode}{scope}: {errors}", now);
    }

    private List<Observation> Report(List<BorgArchive> archives, BorgArchive? newest, BorgArchive? details, BorgState saved, BorgCheckOutcome? check)
    {
        var now = timeProvider.GetUtcNow();
        var reported = saved.Reported.ToHashSet(StringComparer.Ordinal);
        var next = new BorgState { LastCheckTicks = saved.LastCheckTicks };
        var observations = new List<Observation>();
        foreach (var archive in archives.OrderBy(Start))
        {
            var isNewest = ReferenceEquals(archive, newest);
            var verified = check is not null && isNewest;
            var info = details is not null && details.Id == archive.Id ? details : null;
            var (start, end) = Times(archive, info);
            if (now - end > options.Lookback && !verified)
            {
                continue;
            }

            var observation = ToObservation(archive, info, start, end, verified ? check : null, now);
            next.Reported.Add(PlainId(archive));
            next.Reported.Add(observation.Id);
            if (!reported.Contains(observation.Id))
            {
                observations.Add(observation);
            }
        }

        state.Save(next, BorgJsonContext.Default.BorgState);
        return observations;
    }

    private Observation ToObservation(BorgArchive archive, BorgArchive? info, DateTimeOffset start, DateTimeOffset end, BorgCheckOutcome? check, DateTimeOffset now)
    {
        var checkpoint = IsCheckpoint(archive.Name);
        var status = checkpoint ? RunStatus.Warning : RunStatus.Success;
        var observation = new Observation
        {
            Id = ObservationId(archive, status, check),
            RunId = Limit(archive.Id, ObservationLimits.MaxIdLength),
            SourceKind = SourceKind,
            JobKey = options.Name,
            JobName = options.JobName.Length > 0 ? options.JobName : options.Name,
            ProtectedObject = Limit(info?.Hostname ?? archive.Hostname ?? "", ObservationLimits.MaxNameLength),
            Status = status,
            StartTime = Timestamp.FromDateTimeOffset(start),
            EndTime = Timestamp.FromDateTimeOffset(end),
            SizeBytes = Math.Max(0, info?.Stats?.OriginalSize ?? 0),
            Message = checkpoint ? CheckpointMessage : "",
            Verification = check is null
                ? new Verification { State = VerificationState.NotVerified }
                : new Verification
                {
                    State = check.Passed ? VerificationState.Passed : VerificationState.Failed,
                    Detail = Limit(check.Detail, ObservationLimits.MaxMessageLength),
                },
            ObservedAt = Timestamp.FromDateTimeOffset(now),
            ProbeName = options.Name,
        };
        var attributes = observation.Attributes;
        attributes["archive"] = Limit(archive.Name, ObservationLimits.MaxAttributeValueLength);
        attributes["archive_id"] = Limit(archive.Id, ObservationLimits.MaxAttributeValueLength);
        attributes["time_zone"] = _zone.Id;
        if (info?.Stats is { } stats)
        {
            Add(attributes, "original_size", stats.OriginalSize);
            Add(attributes, "compressed_size", stats.CompressedSize);
            Add(attributes, "deduplicated_size", stats.DeduplicatedSize);
            Add(attributes, "nfiles", stats.Nfiles);
        }

        if (info?.Username is { Length: > 0 } user)
        {
            attributes["username"] = Limit(user, ObservationLimits.MaxAttributeValueLength);
        }

        if (info?.Comment is { Length: > 0 } comment)
        {
            attributes["comment"] = Limit(comment, ObservationLimits.MaxAttributeValueLength);
        }

        if (check is not null)
        {
            attributes["checked_at"] = check.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        }

        return observation;
    }

    /// <summary>From <c>borg info</c>: start and end (or start + duration). From the list alone: the start for both —
    /// borg 1.2's list does not say when an archive was finished.</summary>
    private (DateTimeOffset Start, DateTimeOffset End) Times(BorgArchive archive, BorgArchive? info)
    {
        var start = Start(archive);
        var end = info is not null && TryLocal(info.End, out var ended) ? ended
            : info?.Duration is { } seconds && double.IsFinite(seconds) && seconds >= 0 ? start.AddSeconds(seconds)
            : start;
        return (start, end < start ? start : end);
    }

    private DateTimeOffset Start(BorgArchive archive) => TryLocal(archive.Start ?? archive.Time, out var start) ? start : DateTimeOffset.MinValue;

    /// <summary>A borg time (<c>2025-03-10T02:00:01.000000</c>, local, no zone) in <see cref="BorgProbeOptions.TimeZone"/>.
    /// A time inside a daylight-saving gap is read with the offset before the jump; a repeated hour as standard time.</summary>
    private bool TryLocal(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)
            || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        if (parsed.Kind == DateTimeKind.Utc || text.EndsWith('Z') || ZoneSuffix().IsMatch(text))
        {
            // A borg that prints an offset is taken at its word.
            value = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).ToUniversalTime();
            return true;
        }

        var local = DateTime.SpecifyKind(parsed, DateTimeKind.Unspecified);
        var offset = _zone.IsInvalidTime(local) ? _zone.GetUtcOffset(local.AddHours(-1)) : _zone.GetUtcOffset(local);
        value = new DateTimeOffset(local, offset).ToUniversalTime();
        return true;
    }

    private string PlainId(BorgArchive archive) => ObservationId(archive, IsCheckpoint(archive.Name) ? RunStatus.Warning : RunStatus.Success, null);

    private string ObservationId(BorgArchive archive, RunStatus status, BorgCheckOutcome? check) =>
        StableId.Of(
            options.Name,
            archive.Id,
            status.ToString(),
            check is null ? "" : $"check {check.At.UtcTicks.ToString(CultureInfo.InvariantCulture)} {(check.Passed ? "passed" : "failed")}");

    /// <summary><c>name.checkpoint</c> or <c>name.checkpoint.N</c>: what borg keeps of an interrupted backup.</summary>
    public static bool IsCheckpoint(string name) => Checkpoint().IsMatch(name);

    private List<string> Global()
    {
        var arguments = new List<string>();
        if (options.LockWait > TimeSpan.Zero)
        {
            arguments.AddRange(["--lock-wait", ((int)Math.Ceiling(options.LockWait.TotalSeconds)).ToString(CultureInfo.InvariantCulture)]);
        }

        return arguments;
    }

    private void AddGlob(List<string> arguments)
    {
        if (options.GlobArchives.Length > 0)
        {
            arguments.AddRange(["--glob-archives", options.GlobArchives]);
        }
    }

    private Dictionary<string, string?> Environment()
    {
        var environment = options.Environment.ToDictionary(e => e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        environment["BORG_REPO"] = options.Repository;
        var hasPassphrase = !string.IsNullOrEmpty(options.Passphrase) || !string.IsNullOrEmpty(options.PassphraseFile);
        // Read at each run, so a rotated file takes effect without a restart. Without one, borg must not find an
        // inherited passphrase or prompt (stdin is closed, so a prompt fails at once).
        environment["BORG_PASSPHRASE"] = hasPassphrase ? PasswordSetting.Read(options.Passphrase, options.PassphraseFile) : null;
        environment["BORG_PASSCOMMAND"] = null;
        environment["BORG_PASSPHRASE_FD"] = null;
        environment["BORG_NEW_PASSPHRASE"] = null;
        environment["BORG_DISPLAY_PASSPHRASE"] = "no";
        environment["BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK"] = options.AcceptUnencrypted ? "yes" : "no";
        environment["BORG_RELOCATED_REPO_ACCESS_IS_OK"] = options.AcceptRelocated ? "yes" : "no";
        environment["BORG_CHECK_I_KNOW_WHAT_I_AM_DOING"] = "NO";
        environment["BORG_DELETE_I_KNOW_WHAT_I_AM_DOING"] = "NO";
        if (options.BaseDirectory.Length > 0)
        {
            environment["BORG_BASE_DIR"] = options.BaseDirectory;
        }

        // Messages are matched in English.
        environment["LC_ALL"] = "C.UTF-8";
        return environment;
    }

    private static void Add(Google.Protobuf.Collections.MapField<string, string> attributes, string key, long? value)
    {
        if (value is { } v)
        {
            attributes[key] = v.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static string Limit(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [GeneratedRegex(@"\.checkpoint(\.\d+)?$")]
    private static partial Regex Checkpoint();

    [GeneratedRegex(@"[+-]\d{2}:?\d{2}$")]
    private static partial Regex ZoneSuffix();
}
