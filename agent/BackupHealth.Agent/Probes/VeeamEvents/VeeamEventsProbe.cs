using BackupHealth.Agent.Probes.Shared.EventLog;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.VeeamEvents;

/// <summary>Job results from the <c>Veeam Backup</c> log (190, 490, 790) and the <c>Veeam Agent</c> log (190),
/// continuing after the last record read in each.</summary>
internal sealed class VeeamEventsProbe(
    VeeamEventsProbeOptions options,
    IWindowsEventSource source,
    TimeProvider timeProvider,
    IProbeStateStore state,
    ILogger<VeeamEventsProbe> logger) : IProbe
{
    public const string TypeName = "veeam-events";
    public const string SourceKind = "veeam.eventlog";

    public const string NotWindowsMessage =
        "the veeam-events probe reads the Windows event log and runs only on Windows; on Linux use veeam (the VBR REST API) or veeam-agent";

    private static readonly (string Log, IReadOnlyList<int> Ids)[] Logs =
    [
        (VeeamEventMapper.BackupLog, VeeamEventMapper.BackupLogIds),
        (VeeamEventMapper.AgentLog, VeeamEventMapper.AgentLogIds),
    ];

    public string Name => options.Name;

    public string Type => TypeName;

    public ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var cursor = state.Load(VeeamEventsJsonContext.Default.VeeamEventsCursor) ?? new VeeamEventsCursor();
        var observations = new List<Observation>();
        var logsFound = 0;
        foreach (var (log, ids) in Logs)
        {
            var position = cursor.Logs.GetValueOrDefault(log);
            var query = WindowsEventQuery.After(log, ids, position, (now - options.Lookback).UtcDateTime, options.MaxEventsPerRun);
            IReadOnlyList<WindowsEvent>? records;
            try
            {
                records = source.Read(query, cancellationToken);
            }
            catch (UnauthorizedAccessException ex)
            {
                return ValueTask.FromResult(ProbeResult.Error($"cannot read the '{log}' event log: {ex.Message} (the service account needs to be in Event Log Readers)"));
            }
            catch (IOException ex)
            {
                return ValueTask.FromResult(ProbeResult.Error($"cannot read the '{log}' event log: {ex.Message}"));
            }

            if (records is null)
            {
                Log.VeeamEventLogMissing(logger, options.Name, log);
                continue;
            }

            logsFound++;
            // The source filters too; this keeps the cursor's meaning in one place whatever the source does.
            var fresh = records.Where(query.Matches).ToList();
            Log.VeeamEventsRead(logger, options.Name, fresh.Count, log, query.AfterRecordId);
            if (records.Count >= options.MaxEventsPerRun)
            {
                Log.VeeamEventsCapped(logger, options.Name, options.MaxEventsPerRun, log);
            }

            observations.AddRange(fresh.Select(r => VeeamEventMapper.ToObservation(options.Name, r, now)));
            if (fresh.Count > 0)
            {
                cursor.Logs[log] = EventLogPosition.Of(fresh[^1]);
            }
        }

        if (logsFound == 0)
        {
            return ValueTask.FromResult(ProbeResult.Error(
                $"neither the '{VeeamEventMapper.BackupLog}' nor the '{VeeamEventMapper.AgentLog}' event log exists on this host: is Veeam installed?"));
        }

        state.Save(cursor, VeeamEventsJsonContext.Default.VeeamEventsCursor);
        return ValueTask.FromResult(ProbeResult.Ok(observations));
    }
}
