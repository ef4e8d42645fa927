using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.VeeamAgent;

/// <summary>Runs <c>veeamconfig session list</c> and reports each session once when it is seen running and once
/// when it has ended. veeamconfig prints local wall-clock times without a zone; they are read in the host's zone
/// (<paramref name="timeZone"/>, the local zone unless a test gives one).</summary>
internal sealed class VeeamAgentProbe(
    VeeamAgentProbeOptions options,
    ICommandRunner commands,
    TimeProvider timeProvider,
    IProbeStateStore state,
    ILogger<VeeamAgentProbe> logger,
    TimeZoneInfo? timeZone = null) : IProbe
{
    public const string TypeName = "veeam-agent";
    public const string SourceKind = "veeam.agent";

    private const int MaxLineInMessage = 200;

    private readonly TimeZoneInfo _zone = timeZone ?? TimeZoneInfo.Local;

    public string Name => options.Name;

    public string Type => TypeName;

    public CommandSpec Command => new(
        options.Executable,
        ["session", "list"],
        options.Timeout,
        // The parser reads ISO dates; keep the output free of a locale's date format.
        new Dictionary<string, string?> { ["LC_ALL"] = "C.UTF-8" });

    public async ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        var command = Command;
        var result = await commands.RunAsync(command, cancellationToken);
        if (!result.Started || result.TimedOut || result.ExitCode != 0)
        {
            return ProbeResult.Error(result.Describe(command));
        }

        var listing = VeeamSessionList.Parse(result.StandardOutput);
        foreach (var line in listing.Unreadable)
        {
            Log.VeeamAgentUnreadableRow(logger, options.Name, line);
        }

        Log.VeeamAgentListed(logger, options.Name, listing.Sessions.Count);
        if (listing.Unreadable.Count > 0 || (listing.Total is { } total && total != listing.Sessions.Count))
        {
            // A changed output format must show as a probe problem, not as "no backups".
            var example = listing.Unreadable.Count > 0 ? $"; e.g. '{Shorten(listing.Unreadable[0])}'" : "";
            return ProbeResult.Error(
                $"{command.Display} listed {listing.Total?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} session(s) but {listing.Sessions.Count} row(s) could be read{example}");
        }

        return ProbeResult.Ok(Report(listing.Sessions));
    }

    private List<Observation> Report(IReadOnlyList<VeeamAgentSession> sessions)
    {
        var now = timeProvider.GetUtcNow();
        var cursor = state.Load(VeeamAgentJsonContext.Default.VeeamAgentCursor) ?? new VeeamAgentCursor();
        var reported = cursor.Reported.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var wasRunning = cursor.Running.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var next = new VeeamAgentCursor();
        var observations = new List<Observation>();
        foreach (var session in sessions)
        {
            var start = ToUtc(session.Start);
            var end = session.End is { } localEnd ? ToUtc(localEnd) : (DateTimeOffset?)null;
            var status = StatusOf(session.State, finished: end is not null);
            if (status != RunStatus.Running)
            {
                if (now - (end ?? start) > options.Lookback)
                {
                    continue;
                }

                next.Reported.Add(session.Id);
                if (!reported.Contains(session.Id))
                {
                    observations.Add(ToObservation(session, status, start, end, now));
                }
            }
            else
            {
                next.Running.Add(session.Id);
                if (!wasRunning.Contains(session.Id))
                {
                    observations.Add(ToObservation(session, status, start, null, now));
                }
            }
        }

        state.Save(next, VeeamAgentJsonContext.Default.VeeamAgentCursor);
        return observations;
    }

    private Observation ToObservation(VeeamAgentSession session, RunStatus status, DateTimeOffset start, DateTimeOffset? end, DateTimeOffset now)
    {
        var observation = new Observation
        {
            Id = StableId.Of(options.Name, session.Id, status == RunStatus.Running ? "running" : session.State),
            RunId = session.Id,
            SourceKind = SourceKind,
            JobKey = $"{options.Name}/{session.JobName}",
            JobName = session.JobName,
            ProtectedObject = Environment.MachineName,
            Status = status,
            StartTime = Timestamp.FromDateTimeOffset(start),
            Verification = new Verification { State = VerificationState.NotVerified },
            ObservedAt = Timestamp.FromDateTimeOffset(now),
            ProbeName = options.Name,
        };
        if (end is { } ended)
        {
            observation.EndTime = Timestamp.FromDateTimeOffset(ended < start ? start : ended);
        }

        if (!IsKnown(session.State))
        {
            observation.Message = $"veeamconfig state '{session.State}'";
        }

        observation.Attributes["session_id"] = session.Id;
        observation.Attributes["session_type"] = session.Type;
        observation.Attributes["vendor_state"] = session.State;
        observation.Attributes["time_zone"] = _zone.Id;
        return observation;
    }

    /// <summary>A wall-clock time in the host's zone. A time skipped by a daylight-saving jump cannot be printed by a
    /// correct clock; it is read as if the jump had not happened yet. A repeated (ambiguous) hour is read as
    /// standard time.</summary>
    private DateTimeOffset ToUtc(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var offset = _zone.IsInvalidTime(unspecified) ? _zone.GetUtcOffset(unspecified.AddHours(-1)) : _zone.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, offset).ToUniversalTime();
    }

    private static RunStatus StatusOf(string state, bool finished) => state.ToUpperInvariant() switch
    {
        "SUCCESS" => RunStatus.Success,
        "WARNING" => RunStatus.Warning,
        "FAILED" => RunStatus.Failed,
        "RUNNING" => RunStatus.Running,
        _ => finished ? RunStatus.Failed : RunStatus.Running,
    };

    private static bool IsKnown(string state) =>
        state.ToUpperInvariant() is "SUCCESS" or "WARNING" or "FAILED" or "RUNNING";

    private static string Shorten(string line) => line.Length <= MaxLineInMessage ? line : line[..MaxLineInMessage] + "…";
}
