using System.Globalization;
using BackupHealth.Agent.Probes.Shared.Http;
using BackupHealth.Agent.Probes.ProxmoxApi;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.ProxmoxBackupServer;

/// <summary>Reads a Proxmox Backup Server through its API with an API token: per datastore, the newest snapshot of
/// each backup group is that group's latest run, with its size and verification state.</summary>
internal sealed class ProxmoxBackupServerProbe : IProbe, IDisposable
{
    public const string TypeName = "pbs";
    public const string SourceKind = "proxmox.pbs";

    private readonly ProxmoxBackupServerProbeOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly IProbeStateStore _state;
    private readonly ILogger _logger;
    private readonly ProxmoxApiClient _client;

    public ProxmoxBackupServerProbe(ProxmoxBackupServerProbeOptions options, TimeProvider timeProvider, IProbeStateStore state, ILogger<ProxmoxBackupServerProbe> logger)
    {
        _options = options;
        _timeProvider = timeProvider;
        _state = state;
        _logger = logger;
        _client = ProxmoxApiClient.ForBackupServer(options);
    }

    public string Name => _options.Name;

    public string Type => TypeName;

    public ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken) =>
        ApiProbeErrors.RunAsync($"Proxmox Backup Server at {_options.ShownUrl}", _options, ReadAsync, cancellationToken);

    public void Dispose() => _client.Dispose();

    private async Task<ProbeResult> ReadAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var stores = _options.Datastores.Count > 0
            ? _options.Datastores
            : (await _client.GetAsync("api2/json/admin/datastore", ProxmoxBackupServerJsonContext.Default.ProxmoxDataListPbsDatastore, cancellationToken)).Data!
                .Select(d => d.Store).OfType<string>().Order(StringComparer.Ordinal).ToList();

        // Read everything before remembering anything, so a failing datastore leaves the state as it was.
        var newest = new List<(string Store, PbsSnapshot Snapshot)>();
        var snapshotCount = 0;
        foreach (var store in stores)
        {
            var snapshots = await SnapshotsAsync(store, cancellationToken);
            snapshotCount += snapshots.Count;
            newest.AddRange(snapshots
                .Where(s => !string.IsNullOrEmpty(s.BackupType) && !string.IsNullOrEmpty(s.BackupId) && s.BackupTime is not null)
                .GroupBy(s => (s.BackupType, s.BackupId))
                .Select(g => (store, g.MaxBy(s => s.BackupTime)!)));
        }

        var state = _state.Load(ProxmoxBackupServerJsonContext.Default.ProxmoxBackupServerProbeState) ?? new ProxmoxBackupServerProbeState();
        var observations = new List<Observation>();
        foreach (var (store, snapshot) in newest.OrderBy(n => n.Snapshot.BackupTime))
        {
            var group = $"{store}/{snapshot.BackupType}/{snapshot.BackupId}";
            var verification = snapshot.Verification?.State ?? "";
            if (state.Groups.TryGetValue(group, out var reported)
                && (reported.Time > snapshot.BackupTime || (reported.Time == snapshot.BackupTime && reported.Verification == verification)))
            {
                continue;
            }

            observations.Add(ToObservation(store, group, snapshot, now));
            state.Groups[group] = new PbsReportedSnapshot { Time = snapshot.BackupTime!.Value, Verification = verification };
        }

        _state.Save(state, ProxmoxBackupServerJsonContext.Default.ProxmoxBackupServerProbeState);
        Log.PbsRead(_logger, _options.Name, snapshotCount, newest.Count, stores.Count, _options.ShownUrl, observations.Count);
        return ProbeResult.Ok(observations);
    }

    private async Task<List<PbsSnapshot>> SnapshotsAsync(string store, CancellationToken cancellationToken)
    {
        try
        {
            return (await _client.GetAsync($"api2/json/admin/datastore/{Uri.EscapeDataString(store)}/snapshots",
                ProxmoxBackupServerJsonContext.Default.ProxmoxDataListPbsSnapshot, cancellationToken)).Data!;
        }
        catch (ProxmoxApiException ex) when (ex.StatusCode is 400 or 404)
        {
            throw new ProxmoxApiException($"datastore '{store}' does not exist or cannot be read (HTTP {ex.StatusCode}); check Datastores") { StatusCode = ex.StatusCode };
        }
    }

    private Observation ToObservation(string store, string group, PbsSnapshot snapshot, DateTimeOffset now)
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(snapshot.BackupTime!.Value);
        var type = snapshot.BackupType!;
        var id = snapshot.BackupId!;
        var isGuest = type is "vm" or "ct";
        var verificationState = snapshot.Verification?.State ?? "";
        var observation = new Observation
        {
            Id = StableId.Of(_options.Name, group, time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), verificationState),
            RunId = RunId(group, time),
            SourceKind = SourceKind,
            JobKey = $"{_options.Name}/{group}",
            JobName = $"{store}: {type}/{id}",
            ProtectedObject = FirstLine(snapshot.Comment) ?? (isGuest ? $"{(type == "vm" ? "VM" : "CT")} {id}" : id),
            StartTime = Timestamp.FromDateTimeOffset(time),
            EndTime = Timestamp.FromDateTimeOffset(time),
            SizeBytes = snapshot.Size ?? (snapshot.Files ?? []).Sum(f => f.Size ?? 0),
            ObservedAt = Timestamp.FromDateTimeOffset(now),
            ProbeName = _options.Name,
        };
        (observation.Status, observation.Verification, observation.Message) = verificationState switch
        {
            "ok" => (RunStatus.Success, new Verification { State = VerificationState.Passed, Detail = "verified" }, ""),
            // A failed verify means chunks are missing or corrupt: the backup ran, its result cannot be restored.
            // That is the verification's fact (verification_failed), not a failed run as well (docs/contract.md).
            "failed" => (RunStatus.Success, new Verification
            {
                State = VerificationState.Failed,
                Detail = "verification failed: the snapshot's data is damaged or missing",
            }, ""),
            "" => (RunStatus.Success, new Verification { State = VerificationState.NotVerified, Detail = "never verified" }, ""),
            var other => (RunStatus.Success, new Verification { State = VerificationState.NotVerified, Detail = $"unknown verification state '{other}'" }, ""),
        };

        observation.Attributes["store"] = store;
        observation.Attributes["backup_type"] = type;
        observation.Attributes["backup_id"] = id;
        observation.Attributes["backup_time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        observation.Attributes["protected"] = snapshot.Protected ? "true" : "false";
        var files = (snapshot.Files ?? []).Select(f => f.FileName).OfType<string>().ToList();
        observation.Attributes["file_count"] = files.Count.ToString(CultureInfo.InvariantCulture);
        observation.Attributes["files"] = Limit(string.Join(',', files));
        AddIfPresent(observation, "owner", snapshot.Owner);
        AddIfPresent(observation, "vendor_verification", verificationState);
        AddIfPresent(observation, "verify_upid", snapshot.Verification?.Upid);
        if (isGuest)
        {
            observation.Attributes["vmid"] = id;
        }

        return observation;
    }

    private static string RunId(string group, DateTimeOffset time)
    {
        var id = $"{group}/{time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        return id.Length <= ObservationLimits.MaxIdLength ? id : StableId.Of("run", id);
    }

    private static string? FirstLine(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : Limit(text.Split('\n')[0].Trim(), ObservationLimits.MaxNameLength);

    private static string Limit(string text, int max = ObservationLimits.MaxAttributeValueLength) => text.Length <= max ? text : text[..max];

    private static void AddIfPresent(Observation observation, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            observation.Attributes[key] = Limit(value);
        }
    }
}
