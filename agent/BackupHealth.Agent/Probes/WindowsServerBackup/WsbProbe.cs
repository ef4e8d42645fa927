using System.Globalization;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Probes.Shared.EventLog;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.WindowsServerBackup;

/// <summary>Windows Server Backup on this host, one job: each backup event (success, failure, warnings) from the
/// <c>Microsoft-Windows-Backup</c> log continuing after the last record read, or — with Source Wbadmin — each backup
/// version <c>wbadmin get versions</c> lists, as a successful run.</summary>
internal sealed class WsbProbe(
    WsbProbeOptions options,
    IWindowsEventSource events,
    ICommandRunner commands,
    TimeProvider timeProvider,
    IProbeStateStore state,
    ILogger<WsbProbe> logger) : IProbe
{
    public const string TypeName = "wsb";
    public const string SourceKind = "windows.wsb";

    public const string NotWindowsMessage =
        "the wsb probe reads Windows Server Backup (its event log or wbadmin) and runs only on Windows";

    /// <summary>Clocks differ a little; a version further in the future than this is not trusted as a run.</summary>
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public string Name => options.Name;

    public string Type => TypeName;

    /// <summary>Windows Server Backup has one backup schedule per server and no job id: one job per probe.</summary>
    public static string JobKeyOf(string probeName) => $"{probeName}/wsb";

    public async ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken) =>
        options.Source == WsbSource.Wbadmin
            ? await ReadVersionsAsync(cancellationToken).ConfigureAwait(false)
            : ReadEvents(cancellationToken);

    private ProbeResult ReadEvents(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var cursor = state.Load(WsbJsonContext.Default.WsbCursor) ?? new WsbCursor();
        var query = WindowsEventQuery.After(options.LogName, WsbEventMapper.EventIds, cursor.Position, (now - options.Lookback).UtcDateTime, options.MaxEventsPerRun);
        IReadOnlyList<WindowsEvent>? records;
        try
        {
            records = events.Read(query, cancellationToken);
        }
        catch (UnauthorizedAccessException ex)
        {
            return ProbeResult.Error($"cannot read the '{options.LogName}' event log: {ex.Message} (the service account needs to be in Event Log Readers)");
        }
        catch (IOException ex)
        {
            return ProbeResult.Error($"cannot read the '{options.LogName}' event log: {ex.Message}");
        }

        if (records is null)
        {
            return ProbeResult.Error($"the '{options.LogName}' event log does not exist on this host: is the Windows Server Backup feature installed?");
        }

        // The source filters too; this keeps the cursor's meaning in one place whatever the source does.
        var fresh = records.Where(query.Matches).ToList();
        Log.WsbEventsRead(logger, options.Name, fresh.Count, options.LogName, query.AfterRecordId);
        if (records.Count >= options.MaxEventsPerRun)
        {
            Log.WsbEventsCapped(logger, options.Name, options.MaxEventsPerRun, options.LogName);
        }

        var host = Environment.MachineName;
        var observations = fresh.Select(r => WsbEventMapper.ToObservation(options.Name, options.JobName, host, r, now)).ToList();
        if (fresh.Count > 0)
        {
            cursor.Position = EventLogPosition.Of(fresh[^1]);
            state.Save(cursor, WsbJsonContext.Default.WsbCursor);
        }

        return ProbeResult.Ok(observations);
    }

    private async Task<ProbeResult> ReadVersionsAsync(CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "get", "versions" };
        if (options.BackupTarget.Length > 0)
        {
            arguments.Add($"-backupTarget:{options.BackupTarget}");
        }

        var command = new CommandSpec(options.WbadminPath, arguments, options.CommandTimeout);
        var result = await commands.RunAsync(command, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var versions = result.Started && !result.TimedOut ? WbadminVersionsParser.Parse(result.StandardOutput) : [];
        if (result.ExitCode != 0 && versions.Count == 0)
        {
            return ProbeResult.Error(Failure(command, result));
        }

        var observations = new List<Observation>();
        foreach (var version in versions)
        {
            if (version.TimeUtc is not { } time)
            {
                Log.WsbVersionUnreadable(logger, options.Name, version.Identifier);
                continue;
            }

            if (now - time <= options.Lookback && time <= now + FutureTolerance)
            {
                observations.Add(ToRun(version, time, now));
            }
        }

        Log.WsbVersionsListed(logger, options.Name, versions.Count, observations.Count);
        return ProbeResult.Ok(observations);
    }

    /// <summary>wbadmin writes its errors to standard output, so without stderr the last lines of stdout say why.</summary>
    private static string Failure(CommandSpec command, CommandResult result)
    {
        if (!result.Started || result.TimedOut || result.StandardError.Trim().Length > 0)
        {
            return result.Describe(command);
        }

        var said = string.Join(' ', result.StandardOutput.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(2));
        return said.Length == 0
            ? result.Describe(command)
            : string.Create(CultureInfo.InvariantCulture, $"{command.Display} exited with code {result.ExitCode}: {said}");
    }

    private Observation ToRun(WbadminVersion version, DateTime time, DateTime now)
    {
        var observation = new Observation
        {
            Id = StableId.Of(options.Name, "version", version.Identifier),
            SourceKind = SourceKind,
            JobKey = JobKeyOf(options.Name),
            JobName = options.JobName,
            ProtectedObject = Limit(Environment.MachineName, ObservationLimits.MaxNameLength),
            Status = RunStatus.Success,
            StartTime = Timestamp.FromDateTime(time),
            EndTime = Timestamp.FromDateTime(time),
            Verification = new Verification { State = VerificationState.NotVerified },
            ObservedAt = Timestamp.FromDateTime(now),
            ProbeName = options.Name,
        };
        var attributes = observation.Attributes;
        attributes["source"] = "wbadmin";
        attributes["version_id"] = version.Identifier;
        Set(attributes, "backup_target", version.BackupTarget);
        Set(attributes, "backup_time", version.BackupTime);
        Set(attributes, "can_recover", version.CanRecover);
        Set(attributes, "snapshot_id", version.SnapshotId);
        return observation;
    }

    private static void Set(Google.Protobuf.Collections.MapField<string, string> attributes, string key, string value)
    {
        if (value.Length > 0)
        {
            attributes[key] = Limit(value, ObservationLimits.MaxAttributeValueLength);
        }
    }

    private static string Limit(string text, int length) => text.Length <= length ? text : text[..length];
}
