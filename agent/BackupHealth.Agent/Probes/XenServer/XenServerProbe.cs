using System.Globalization;
using BackupHealth.Agent.Probes.Shared.Http;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.XenServer;

/// <summary>Reads a XenServer / XCP-ng pool through XAPI: its guests as inventory (so the collector sees which VM no
/// backup covers) and its VM export tasks as runs of a per-VM export job.</summary>
internal sealed class XenServerProbe : IProbe, IAsyncDisposable
{
    public const string TypeName = "xenserver";
    public const string SourceKind = "xenserver.xapi";
    public const string Hypervisor = "xenserver";
    public const string ExportTaskPrefix = "Export of VM";

    /// <summary>How long a reported task is remembered after XAPI stops listing it.</summary>
    public static readonly TimeSpan ForgetVanishedAfter = TimeSpan.FromDays(7);

    private const string Running = "running";
    private const string Vanished = "vanished";

    private readonly XenServerProbeOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly IProbeStateStore _state;
    private readonly ILogger _logger;
    private readonly XapiClient _client;

    public XenServerProbe(XenServerProbeOptions options, TimeProvider timeProvider, IProbeStateStore state, ILogger<XenServerProbe> logger)
    {
        _options = options;
        _timeProvider = timeProvider;
        _state = state;
        _logger = logger;
        _client = new XapiClient(options, logger);
    }

    public string Name => _options.Name;

    public string Type => TypeName;

    public ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken) =>
        ApiProbeErrors.RunAsync($"XAPI at {_options.ShownUrl}", _options, ReadAsync, cancellationToken);

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private async Task<ProbeResult> ReadAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var vms = await _client.CallAsync("VM.get_all_records", XapiJsonContext.Default.XapiResponseDictionaryStringXapiVmRecord, cancellationToken);
        var tasks = await _client.CallAsync("task.get_all_records", XapiJsonContext.Default.XapiResponseDictionaryStringXapiTaskRecord, cancellationToken);

        var exports = tasks.Values
            .Where(t => !string.IsNullOrEmpty(t.Uuid) && t.NameLabel?.StartsWith(ExportTaskPrefix, StringComparison.OrdinalIgnoreCase) == true)
            .ToList();
        var state = _state.Load(XapiJsonContext.Default.XenServerProbeState) ?? new XenServerProbeState();
        var observations = new List<Observation>();
        foreach (var task in exports)
        {
            var outcome = Outcome(task.Status);
            if (state.Tasks.TryGetValue(task.Uuid!, out var seen) && (seen.Outcome == outcome || seen.Outcome != Running))
            {
                seen.LastSeen = now;
                continue;
            }

            observations.Add(ToObservation(task, outcome, vms, now));
            state.Tasks[task.Uuid!] = new XenServerSeenTask { Outcome = outcome, Name = task.NameLabel ?? "", LastSeen = now };
        }

        ForgetVanished(state, exports, now);
        _state.Save(state, XapiJsonContext.Default.XenServerProbeState);
        var inventory = Inventory(vms);
        Log.XapiRead(_logger, _options.Name, inventory.Items.Count, exports.Count, observations.Count);
        return ProbeResult.Ok(observations) with { Inventory = inventory };
    }

    /// <summary>"running" for a task still going; otherwise its final status as XAPI spells it.</summary>
    private static string Outcome(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        "pending" or "cancelling" => Running,
        null or "" => "unknown",
        var final => final,
    };

    private void ForgetVanished(XenServerProbeState state, List<XapiTaskRecord> listed, DateTimeOffset now)
    {
        var present = listed.Select(t => t.Uuid!).ToHashSet(StringComparer.Ordinal);
        foreach (var (uuid, seen) in state.Tasks.Where(t => !present.Contains(t.Key)).ToList())
        {
            if (seen.Outcome == Running)
            {
                Log.XapiTaskVanished(_logger, _options.Name, uuid, seen.Name);
                seen.Outcome = Vanished;
            }

            if (now - seen.LastSeen > ForgetVanishedAfter)
            {
                state.Tasks.Remove(uuid);
            }
        }
    }

    private Observation ToObservation(XapiTaskRecord task, string outcome, Dictionary<string, XapiVmRecord> vms, DateTimeOffset now)
    {
        var vm = ExportedVm.Find(task, vms);
        var created = XapiTime.Parse(task.Created) ?? now;
        var observation = new Observation
        {
            Id = StableId.Of(_options.Name, task.Uuid!, outcome),
            RunId = task.Uuid!,
            SourceKind = SourceKind,
            JobKey = $"{_options.Name}/export/{vm.Key}",
            JobName = $"{ExportTaskPrefix} {vm.Name}",
            ProtectedObject = vm.Name,
            StartTime = Timestamp.FromDateTimeOffset(created),
            Verification = new Verification { State = VerificationState.NotVerified },
            ObservedAt = Timestamp.FromDateTimeOffset(now),
            ProbeName = _options.Name,
        };
        observation.Attributes["task_uuid"] = task.Uuid!;
        observation.Attributes["vendor_status"] = task.Status ?? "";
        observation.Attributes["task_name"] = task.NameLabel ?? "";
        if (vm.Uuid is not null)
        {
            observation.Attributes["vm_uuid"] = vm.Uuid;
        }

        if (vm.Snapshot is not null)
        {
            observation.Attributes["exported_snapshot"] = vm.Snapshot;
        }

        if (outcome == Running)
        {
            var progress = Math.Clamp(task.Progress ?? 0, 0, 1);
            observation.Status = RunStatus.Running;
            observation.Attributes["progress"] = progress.ToString("0.###", CultureInfo.InvariantCulture);
            observation.Message = task.Status == "cancelling" ? "cancelling" : string.Create(CultureInfo.InvariantCulture, $"exporting, {progress:P0}");
            return observation;
        }

        var finished = XapiTime.Parse(task.Finished);
        observation.EndTime = Timestamp.FromDateTimeOffset(finished is { } f && f >= created ? f : created);
        (observation.Status, observation.Message) = outcome switch
        {
            "success" => (RunStatus.Success, ""),
            "failure" => (RunStatus.Failed, task.ErrorInfo is { Count: > 0 } info ? string.Join(' ', info) : "failure (no error_info)"),
            "cancelled" => (RunStatus.Failed, "cancelled"),
            _ => (RunStatus.Failed, $"unrecognised task status '{task.Status}'"),
        };
        if (task.ErrorInfo is { Count: > 0 } errors)
        {
            observation.Attributes["error_code"] = errors[0];
        }

        return observation;
    }

    private static ProbeInventory Inventory(Dictionary<string, XapiVmRecord> vms)
    {
        var items = vms.Values
            .Where(vm => !vm.IsATemplate && !vm.IsASnapshot && !vm.IsControlDomain && !string.IsNullOrEmpty(vm.Uuid))
            .OrderBy(vm => vm.NameLabel, StringComparer.Ordinal)
            .Select(vm => ToItem(vm, vms))
            .ToList();
        return new ProbeInventory(Hypervisor, items);
    }

    private static InventoryItem ToItem(XapiVmRecord vm, Dictionary<string, XapiVmRecord> vms)
    {
        var item = new InventoryItem { Id = vm.Uuid!, Name = vm.NameLabel ?? "", PowerState = vm.PowerState ?? "" };
        var snapshotTimes = (vm.Snapshots ?? [])
            .Select(reference => vms.GetValueOrDefault(reference))
            .OfType<XapiVmRecord>()
            .Select(snapshot => XapiTime.Parse(snapshot.SnapshotTime))
            .ToList();
        item.Attributes["snapshot_count"] = snapshotTimes.Count.ToString(CultureInfo.InvariantCulture);
        if (snapshotTimes.Max() is { } newest)
        {
            item.Attributes["last_snapshot_time"] = newest.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        return item;
    }
}
