using System.Globalization;
using BackupHealth.Agent.Probes.Shared.Http;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.Unitrends;

/// <summary>Reads a Unitrends appliance: finished runs from <c>api/jobs/history</c> since the last run it saw, running
/// jobs from <c>api/jobs/active</c>, and every job order (enabled or not) from <c>api/joborders</c>.</summary>
internal sealed class UnitrendsProbe : IProbe, IDisposable
{
    public const string TypeName = "unitrends";
    public const string SourceKind = "unitrends";

    /// <summary>Each run re-reads this far before the newest start it saw: a long run that started earlier than one
    /// already reported only appears in the history when it ends.</summary>
    public static readonly TimeSpan ReReadWindow = TimeSpan.FromHours(36);

    /// <summary>A guard against an appliance that keeps answering full pages for ever.</summary>
    private const int MaxPages = 1000;

    private readonly UnitrendsProbeOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly IProbeStateStore _state;
    private readonly ILogger _logger;
    private readonly UnitrendsClient _client;
    private readonly TimeZoneInfo _zone;

    public UnitrendsProbe(UnitrendsProbeOptions options, TimeProvider timeProvider, IProbeStateStore state, ILogger<UnitrendsProbe> logger)
    {
        _options = options;
        _timeProvider = timeProvider;
        _state = state;
        _logger = logger;
        _zone = options.ApplianceTimeZone();
        _client = new UnitrendsClient(options, logger);
    }

    public string Name => _options.Name;

    public string Type => TypeName;

    public ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken) =>
        ApiProbeErrors.RunAsync($"Unitrends appliance {_options.ShownUrl}", _options, ReadAsync, cancellationToken);

    public void Dispose() => _client.Dispose();

    private async Task<ProbeResult> ReadAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var orders = (await _client.GetAsync("api/joborders", UnitrendsJsonContext.Default.UnitrendsListUnitrendsJobOrder, cancellationToken)).Data ?? [];
        var keys = new JobKeys(_options.Name, orders);
        var active = (await _client.GetAsync("api/jobs/active", UnitrendsJsonContext.Default.UnitrendsListUnitrendsActiveJob, cancellationToken)).Data ?? [];

        var state = _state.Load(UnitrendsJsonContext.Default.UnitrendsProbeState) ?? new UnitrendsProbeState();
        var since = state.NewestStart is { } newestSeen
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(newestSeen * 1000)) - ReReadWindow
            : now - _options.Lookback;
        var (history, pages) = await ReadHistoryAsync(since, cancellationToken);

        var observations = new List<Observation>();
        var reported = state.Reported
            .Where(r => r.Value >= since.ToUnixTimeSeconds())
            .ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        var newest = state.NewestStart;
        foreach (var row in history)
        {
            if (ToFinishedRun(row, keys, since, now) is not { } run || !reported.TryAdd(run.Key, run.Start))
            {
                continue;
            }

            observations.Add(run.Observation);
            newest = Math.Max(newest ?? run.Start, run.Start);
        }

        var newRuns = observations.Count;
        observations.AddRange(active.Select(job => ToRunning(job, keys, now)));
        _state.Save(new UnitrendsProbeState { NewestStart = newest, Reported = reported }, UnitrendsJsonContext.Default.UnitrendsProbeState);
        Log.UnitrendsHistoryRead(_logger, _options.Name, history.Count, pages, since, newRuns);
        return ProbeResult.Ok(observations, orders.Select(keys.Listing).ToList());
    }

    /// <summary>Pages with <c>limit</c>/<c>offset</c> (not documented by Unitrends, so unconfirmed). A short page does
    /// not end the read, since an appliance may cap pages below the limit asked for; it ends at an empty page, a page
    /// with nothing new (the appliance ignored the offset), a page larger than asked for (it ignored the limit and sent
    /// everything) or when <c>total</c>, if sent, is reached.</summary>
    private async Task<(List<UnitrendsHistoryEntry> Rows, int Pages)> ReadHistoryAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        // start_date is the documented filter; its format is not, so it is given a day early as a date only and the
        // exact cut is made here on each row's time.
        var startDate = since.UtcDateTime.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = new List<UnitrendsHistoryEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var (offset, pages) = (0, 0);
        while (pages < MaxPages)
        {
            pages++;
            var uri = string.Create(CultureInfo.InvariantCulture,
                $"api/jobs/history?showFlat=true&start_date={startDate}&limit={_options.PageSize}&offset={offset}");
            var answer = await _client.GetAsync(uri, UnitrendsJsonContext.Default.UnitrendsListUnitrendsHistoryEntry, cancellationToken);
            var data = answer.Data ?? [];
            var fresh = data.Where(row => seen.Add(RowKey(row))).ToList();
            rows.AddRange(fresh);
            offset += data.Count;
            if (fresh.Count == 0 || data.Count > _options.PageSize || (answer.Total is { } total && offset >= total))
            {
                break;
            }
        }

        return (rows, pages);
    }

    private (string Key, double Start, Observation Observation)? ToFinishedRun(UnitrendsHistoryEntry row, JobKeys keys, DateTimeOffset since, DateTimeOffset now)
    {
        var status = UnitrendsStatus.OfFinishedRun(row.Status);
        if (status is null)
        {
            return null;
        }

        var start = UnitrendsTime.Resolve(row.SortStartTime, row.StartTime, _zone);
        if (start is null)
        {
            Log.UnitrendsRowWithoutTime(_logger, _options.Name, row.Name ?? "", row.StartTime ?? "");
            return null;
        }

        if (start < since)
        {
            return null;
        }

        var key = RowKey(row);
        var rawStatus = row.Status?.Trim() ?? "";
        var observation = NewObservation(StableId.Of(_options.Name, key, rawStatus), status.Value, keys.Of(row.JobId, row.Name), row.Name,
            row.AssetName, row.ClientName, start.Value, now);
        // The contract wants an end for a finished run. Without a readable duration the end is the start: the collector
        // reads 0 s as "duration unknown" (rules skip it), so nothing is made up.
        var duration = UnitrendsRunFigures.Duration(row.Duration);
        observation.EndTime = Timestamp.FromDateTimeOffset(start.Value + (duration ?? TimeSpan.Zero));
        observation.SizeBytes = UnitrendsRunFigures.SizeBytes(row.Size) ?? 0;
        observation.RunId = RunIdentity(row.Name, row.ClientName, row.AssetName, start.Value);
        observation.Message = status == RunStatus.Success ? row.Message ?? "" : Describe(rawStatus, row.Message);
        observation.Attributes["vendor_status"] = rawStatus;
        AddIfPresent(observation, "backup_id", row.BackupId);
        AddIfPresent(observation, "mode", row.Mode);
        // The mode (Full, Incremental, Differential, …) is the backup type: the collector compares like with like.
        AddIfPresent(observation, "backup_type", row.Mode?.Trim().ToLowerInvariant());
        AddIfPresent(observation, "type", row.Type);
        AddIfPresent(observation, "duration", row.Duration);
        AddIfPresent(observation, "size", row.Size);
        return (key, start.Value.ToUnixTimeMilliseconds() / 1000.0, observation);
    }

    private Observation ToRunning(UnitrendsActiveJob job, JobKeys keys, DateTimeOffset now)
    {
        var start = UnitrendsTime.Resolve(job.SortStartTime, job.StartTime, _zone);
        var runKey = !string.IsNullOrEmpty(job.Id)
            ? "active:" + job.Id
            : string.Join('\0', "active", job.Name ?? "", job.ClientName ?? "", job.AssetName ?? "", start?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) ?? "");
        var observation = NewObservation(StableId.Of(_options.Name, runKey, "running"), RunStatus.Running, keys.Of(job.JobId, job.Name), job.Name,
            job.AssetName, job.ClientName, start ?? now, now);
        observation.Message = job.Status ?? "";
        observation.RunId = start is { } started ? RunIdentity(job.Name, job.ClientName, job.AssetName, started) : "";
        observation.Attributes["vendor_status"] = job.Status?.Trim() ?? "";
        AddIfPresent(observation, "percent_complete", job.PercentComplete);
        return observation;
    }

    /// <summary>The active list and the history share no id, so a run is known by its job, client, asset and start
    /// second: the active entry and the later history row then make one run at the collector.</summary>
    private static string RunIdentity(string? job, string? client, string? asset, DateTimeOffset start) =>
        StableId.Of("run", job ?? "", client ?? "", asset ?? "", start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));

    private Observation NewObservation(string id, RunStatus status, string jobKey, string? jobName, string? asset, string? client, DateTimeOffset start, DateTimeOffset now)
    {
        var observation = new Observation
        {
            Id = id,
            SourceKind = SourceKind,
            JobKey = jobKey,
            JobName = jobName ?? "",
            ProtectedObject = !string.IsNullOrEmpty(asset) ? asset : client ?? "",
            Status = status,
            StartTime = Timestamp.FromDateTimeOffset(start),
            Verification = new Verification { State = VerificationState.NotVerified },
            ObservedAt = Timestamp.FromDateTimeOffset(now),
            ProbeName = _options.Name,
        };
        AddIfPresent(observation, "client_name", client);
        AddIfPresent(observation, "asset_name", asset);
        return observation;
    }

    private static string Describe(string status, string? message) =>
        string.IsNullOrWhiteSpace(message) ? status : $"{status}: {message}";

    private static void AddIfPresent(Observation observation, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            observation.Attributes[key] = value;
        }
    }

    /// <summary>One run of one asset: the appliance's backup id when it gives one, else what identifies the row.</summary>
    private static string RowKey(UnitrendsHistoryEntry row) =>
        !string.IsNullOrEmpty(row.BackupId) && row.BackupId != "0" ? "backup:" + row.BackupId
        : !string.IsNullOrEmpty(row.Id) ? "id:" + row.Id
        : string.Join('\0', "row", row.Name ?? "", row.ClientName ?? "", row.AssetName ?? "",
            row.SortStartTime?.ToString(CultureInfo.InvariantCulture) ?? row.StartTime ?? "");

    /// <summary>Job keys by the job order's id, so a renamed job keeps its key; history and active rows without a job
    /// id are matched to their job order by name.</summary>
    private sealed class JobKeys(string probeName, List<UnitrendsJobOrder> orders)
    {
        private readonly Dictionary<string, string> _idByName = orders
            .Where(o => !string.IsNullOrEmpty(o.Name) && !string.IsNullOrEmpty(o.Id))
            .GroupBy(o => o.Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Id!, StringComparer.Ordinal);

        public string Of(string? jobId, string? jobName)
        {
            var id = !string.IsNullOrEmpty(jobId) ? jobId
                : jobName is not null && _idByName.TryGetValue(jobName, out var byName) ? byName
                : "name:" + (jobName ?? "");
            return $"{probeName}/{id}";
        }

        public JobListing Listing(UnitrendsJobOrder order)
        {
            var listing = new JobListing
            {
                JobKey = Of(order.Id, order.Name),
                JobName = order.Name ?? "",
                SourceKind = SourceKind,
                Enabled = order.Enabled ?? !UnitrendsStatus.IsDisabledJobOrder(order.Status),
            };
            listing.Attributes["vendor_status"] = order.Status ?? "";
            listing.Attributes["last_status"] = order.LastStatus ?? "";
            if (!string.IsNullOrEmpty(order.Type))
            {
                listing.Attributes["type"] = order.Type;
            }

            return listing;
        }
    }
}
