using System.Globalization;
using System.Security;
using BackupHealth.Agent.Probes.Shared;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Probes.Xva;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.HyperVExport;

/// <summary>A folder of Hyper-V exports, one job per VM: each export folder is one run — RUNNING while a disk grows or
/// a file was modified within SettleTime, then SUCCESS (one .vmcx, at least one disk, every disk plausible) or FAILED
/// with the exact reason. Optionally, for <c>check</c>, a VM whose newest complete export is older than MaxAge is
/// stale; on Windows, the host's VMs as inventory for coverage.</summary>
internal sealed class HyperVExportProbe(
    HyperVExportProbeOptions options,
    IHyperVInventorySource? inventory,
    TimeProvider timeProvider,
    IProbeStateStore store,
    ILogger<HyperVExportProbe> logger) : IProbe
{
    public const string TypeName = "hyperv-export";
    public const string SourceKind = "hyperv.export";

    public string Name => options.Name;

    public string Type => TypeName;

    public async ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var root = new DirectoryInfo(options.Path);
        if (!root.Exists)
        {
            return ProbeResult.Error($"folder {options.Path} does not exist or is not reachable");
        }

        List<ExportFolder> exports;
        try
        {
            exports = ExportScanner.Scan(root, options.Depth, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SecurityException)
        {
            return ProbeResult.Error($"cannot read folder {options.Path}: {ex.Message}");
        }

        var state = store.Load(HyperVExportJsonContext.Default.HyperVExportState) ?? new HyperVExportState();
        var observations = new List<Observation>();
        var complete = new List<ExportFolder>();
        foreach (var export in exports)
        {
            var record = Look(export, state.Exports.GetValueOrDefault(export.RelativePath), now);
            state.Exports[export.RelativePath] = record;
            if (record.Complete == true)
            {
                complete.Add(export);
            }

            if (now - export.NewestWriteUtc <= options.Lookback)
            {
                observations.Add(record.Fingerprint is null ? Running(export, record, now) : Finished(export, record, now));
            }
        }

        foreach (var gone in state.Exports.Keys.Except(exports.Select(e => e.RelativePath)).ToList())
        {
            state.Exports.Remove(gone);
        }

        store.Save(state, HyperVExportJsonContext.Default.HyperVExportState);
        Log.HyperVExportsFound(logger, options.Name, exports.Count, observations.Count(o => o.Status == RunStatus.Running));
        var vms = await ReadInventoryAsync(cancellationToken).ConfigureAwait(false);
        return ProbeResult.Ok(observations) with
        {
            Verdicts = Staleness(exports, complete, vms, now),
            Inventory = vms is null ? null : HyperVInventory.From(vms),
        };
    }

    /// <summary>The export's state after this look: its earlier verdict while nothing changed; RUNNING while a disk
    /// grows or anything was modified within SettleTime; else a new verdict.</summary>
    private ExportRecord Look(ExportFolder export, ExportRecord? previous, DateTime now)
    {
        var fingerprint = Fingerprint(export);
        if (previous is { Fingerprint: { } judged } && judged == fingerprint)
        {
            return previous;
        }

        var sizes = export.Disks.ToDictionary(d => d.Name, d => d.Size, StringComparer.Ordinal);
        var growing = previous is not null && Grew(previous.Disks, sizes) is not null;
        var settling = now - export.NewestWriteUtc < options.SettleTime;
        if (growing || settling)
        {
            // Changing again after a verdict is a new export written over the old one: a new run, disks seen anew.
            var continuing = previous is { Fingerprint: null };
            return new ExportRecord
            {
                Disks = sizes,
                SeenDisks = [.. (continuing ? previous!.SeenDisks : []).Union(sizes.Keys, StringComparer.Ordinal)],
                RunningSinceTicks = continuing && previous!.RunningSinceTicks is { } since ? since : now.Ticks,
            };
        }

        var seen = (previous?.SeenDisks ?? []).Union(sizes.Keys, StringComparer.Ordinal).ToList();
        var reason = Judge(export, seen);
        if (reason.Length > 0)
        {
            Log.HyperVExportIncomplete(logger, options.Name, export.RelativePath, export.VmName, reason);
        }

        return new ExportRecord
        {
            Disks = sizes,
            SeenDisks = seen,
            RunningSinceTicks = previous?.RunningSinceTicks,
            Fingerprint = fingerprint,
            Complete = reason.Length == 0,
            Reason = reason,
        };
    }

    /// <returns>Empty when the export is complete; otherwise every reason it is not.</returns>
    private string Judge(ExportFolder export, List<string> seenDisks)
    {
        var reasons = new List<string>();
        if (export.ConfigFiles.Count == 0)
        {
            reasons.Add($"no virtual machine configuration (.vmcx) in '{ExportScanner.ConfigFolder}'");
        }
        else if (export.ConfigFiles.Count > 1)
        {
            reasons.Add($"{export.ConfigFiles.Count} virtual machine configurations (.vmcx) in '{ExportScanner.ConfigFolder}', expected one: {string.Join(", ", export.ConfigFiles)}");
        }

        if (export.Disks.Count == 0)
        {
            reasons.Add($"no virtual hard disk (.vhdx/.avhdx) in '{ExportScanner.DiskFolder}'");
        }

        foreach (var missing in seenDisks.Except(export.Disks.Select(d => d.Name), StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            reasons.Add($"disk '{missing}' seen while the export was written is missing");
        }

        foreach (var disk in export.Disks)
        {
            if (disk.Size == 0)
            {
                reasons.Add($"disk '{disk.Name}' is empty (0 bytes)");
            }
            else if (disk.Size < options.MinDiskBytes)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"disk '{disk.Name}' is {disk.Size} bytes, smaller than MinDiskBytes {options.MinDiskBytes}"));
            }
        }

        return string.Join("; ", reasons);
    }

    /// <returns>A disk that appeared or changed size between the two looks, or null.</returns>
    private static string? Grew(Dictionary<string, long> before, Dictionary<string, long> now) =>
        now.FirstOrDefault(d => !before.TryGetValue(d.Key, out var size) || size != d.Value).Key;

    private static string Fingerprint(ExportFolder export) =>
        string.Join('\0', new[]
        {
            string.Join('|', export.ConfigFiles),
            string.Join('|', export.Disks.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Name}:{d.Size}"))),
            export.NewestWriteUtc.Ticks.ToString(CultureInfo.InvariantCulture),
            export.TotalBytes.ToString(CultureInfo.InvariantCulture),
        });

    private async Task<IReadOnlyList<HyperVVm>?> ReadInventoryAsync(CancellationToken cancellationToken)
    {
        if (inventory is null || !options.EffectiveIncludeInventory)
        {
            return null;
        }

        try
        {
            var vms = await inventory.ReadVmsAsync(cancellationToken).ConfigureAwait(false);
            Log.HyperVInventoryRead(logger, options.Name, vms.Count);
            return vms;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.HyperVInventoryUnreadable(logger, options.Name, ex.Message);
            return null;
        }
    }

    /// <summary>One export seen being written and then judged is one run: keyed by the folder and when the probe first
    /// saw it being written. An export already settled at first sight needs no run id.</summary>
    private string RunId(ExportFolder export, ExportRecord record) =>
        record.RunningSinceTicks is { } since
            ? StableId.Of(options.Name, export.RelativePath, since.ToString(CultureInfo.InvariantCulture))
            : "";

    private Observation Running(ExportFolder export, ExportRecord record, DateTime now)
    {
        var since = new DateTime(record.RunningSinceTicks!.Value, DateTimeKind.Utc);
        var observation = NewObservation(
            StableId.Of(options.Name, export.RelativePath, "running", record.RunningSinceTicks.Value.ToString(CultureInfo.InvariantCulture)),
            RunStatus.Running,
            export,
            now);
        observation.StartTime = Timestamp.FromDateTime(export.OldestWriteUtc < since ? export.OldestWriteUtc : since);
        observation.RunId = RunId(export, record);
        observation.Message = now - export.NewestWriteUtc < options.SettleTime
            ? $"export being written: last modified {AgeText.Format(now - export.NewestWriteUtc)} ago (SettleTime {AgeText.Format(options.SettleTime)}), {Summary(export)}"
            : $"export being written: a disk grew since the last look, {Summary(export)}";
        return observation;
    }

    private Observation Finished(ExportFolder export, ExportRecord record, DateTime now)
    {
        var complete = record.Complete == true;
        var observation = NewObservation(
            StableId.Of(options.Name, export.RelativePath, record.Fingerprint!, complete ? "complete" : "incomplete"),
            complete ? RunStatus.Success : RunStatus.Failed,
            export,
            now);
        var start = record.RunningSinceTicks is { } since && since < export.OldestWriteUtc.Ticks
            ? new DateTime(since, DateTimeKind.Utc)
            : export.OldestWriteUtc;
        observation.StartTime = Timestamp.FromDateTime(start <= export.NewestWriteUtc ? start : export.NewestWriteUtc);
        observation.EndTime = Timestamp.FromDateTime(export.NewestWriteUtc);
        observation.RunId = RunId(export, record);
        observation.Message = Limit(complete ? Summary(export) : $"incomplete export: {record.Reason}", ObservationLimits.MaxMessageLength);
        return observation;
    }

    private static string Summary(ExportFolder export) =>
        string.Create(CultureInfo.InvariantCulture, $"{export.ConfigFiles.Count} .vmcx, {export.Disks.Count} disk(s), {XvaSummary.Bytes(export.TotalBytes)}");

    private Observation NewObservation(string id, RunStatus status, ExportFolder export, DateTime now)
    {
        var observation = new Observation
        {
            Id = id,
            SourceKind = SourceKind,
            JobKey = JobKey(export.VmName),
            JobName = Limit(export.VmName, ObservationLimits.MaxNameLength),
            ProtectedObject = Limit(export.VmName, ObservationLimits.MaxNameLength),
            Status = status,
            SizeBytes = export.TotalBytes,
            Verification = new Verification { State = VerificationState.NotVerified },
            ObservedAt = Timestamp.FromDateTime(now),
            ProbeName = options.Name,
        };
        var attributes = observation.Attributes;
        attributes["path"] = Limit(export.RelativePath, ObservationLimits.MaxAttributeValueLength);
        attributes["disks"] = export.Disks.Count.ToString(CultureInfo.InvariantCulture);
        attributes["total_bytes"] = export.TotalBytes.ToString(CultureInfo.InvariantCulture);
        if (export.VmUuid is { } uuid)
        {
            attributes["vm_uuid"] = uuid;
        }

        return observation;
    }

    private string JobKey(string vmName) => Limit($"{options.Name}/{vmName}", ObservationLimits.MaxJobKeyLength);

    /// <summary>Per VM (exports found, and with the inventory also VMs never exported): FAILED when its newest complete
    /// export is older than MaxAge, or it has none.</summary>
    private List<Observation> Staleness(List<ExportFolder> exports, List<ExportFolder> complete, IReadOnlyList<HyperVVm>? vms, DateTime now)
    {
        if (options.MaxAge is not { } maxAge)
        {
            return [];
        }

        var names = exports.Select(e => e.VmName)
            .Concat(vms?.Where(v => HyperVInventory.VmUuid(v.Id) is not null).Select(v => v.Name) ?? [])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase);
        var verdicts = new List<Observation>();
        foreach (var name in names)
        {
            var newest = complete.Where(e => e.VmName.Equals(name, StringComparison.OrdinalIgnoreCase)).MaxBy(e => e.NewestWriteUtc);
            if (newest is not null && now - newest.NewestWriteUtc <= maxAge)
            {
                continue;
            }

            var time = newest?.NewestWriteUtc ?? now;
            var verdict = new Observation
            {
                Id = StableId.Of(options.Name, "stale", name, newest is null ? "none" : $"{newest.RelativePath}\0{newest.NewestWriteUtc.Ticks.ToString(CultureInfo.InvariantCulture)}"),
                SourceKind = SourceKind,
                JobKey = JobKey(name),
                JobName = Limit(name, ObservationLimits.MaxNameLength),
                ProtectedObject = Limit(name, ObservationLimits.MaxNameLength),
                Status = RunStatus.Failed,
                StartTime = Timestamp.FromDateTime(time),
                EndTime = Timestamp.FromDateTime(time),
                Message = newest is null
                    ? $"no complete export of VM {name} in {options.Path}"
                    : $"newest complete export of VM {name} is {AgeText.Format(now - newest.NewestWriteUtc)} old (MaxAge {AgeText.Format(maxAge)})",
                Verification = new Verification { State = VerificationState.NotVerified },
                ObservedAt = Timestamp.FromDateTime(now),
                ProbeName = options.Name,
            };
            verdict.Attributes["stale"] = "true";
            if (newest is not null)
            {
                verdict.Attributes["path"] = Limit(newest.RelativePath, ObservationLimits.MaxAttributeValueLength);
            }

            verdicts.Add(verdict);
        }

        return verdicts;
    }

    private static string Limit(string text, int length) => text.Length <= length ? text : text[..length];
}
