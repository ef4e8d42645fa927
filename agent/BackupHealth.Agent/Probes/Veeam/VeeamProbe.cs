using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BackupHealth.Agent.Probes.Shared.Http;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.Veeam;

/// <summary>Reads sessions and job states from the VBR REST API. Each run asks only for sessions created since the
/// last one it saw (with a small overlap), plus, by id, the sessions it last saw running, so their end is reported
/// however long they run.</summary>
internal sealed class VeeamProbe : IProbe, IDisposable
{
    public const string TypeName = "veeam";
    public const string SourceKind = "veeam.vbr";
    public const string TaskSourceKind = "veeam.vbr.task";

    /// <summary>Sessions may become visible in the API a little after sessions created later; each run re-reads this
    /// much before the newest creation time it saw, and skips what it already reported.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);

    public const string SessionsPath = "api/v1/sessions";
    public const string JobStatesPath = "api/v1/jobs/states";

    private readonly VeeamProbeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IProbeStateStore _state;
    private readonly VeeamApiClient _client;
    private readonly VeeamTaskSessionSupport _taskSessions = new();

    public VeeamProbe(VeeamProbeOptions options, TimeProvider time, IProbeStateStore state, ILogger<VeeamProbe> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _state = state;
        _client = new VeeamApiClient(options, time, logger);
    }

    public string Name => _options.Name;

    public string Type => TypeName;

    public async ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        var result = await ApiProbeErrors.RunAsync(RedactedUrl.Of(_options.BaseUri.ToString()), _options, ReadAsync, cancellationToken);
        return result with { Details = _taskSessions.Details(_client, _options.ReportVmTasks) };
    }

    public void Dispose() => _client.Dispose();

    private async Task<ProbeResult> ReadAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var cursor = _state.Load(VeeamJsonContext.Default.VeeamCursor)
            ?? new VeeamCursor { CreatedAfter = now - _options.Lookback };

        var (jobs, _) = await ReadAllAsync(JobStatesPath, "", VeeamJsonContext.Default.VeeamPageVeeamJobState, cancellationToken);
        var jobsById = jobs.GroupBy(j => j.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var mapper = new VeeamSessionMapper(_options.Name, jobsById);

        var query = $"orderColumn=CreationTime&orderAsc=true&createdAfterFilter={Uri.EscapeDataString(VeeamTime.Format(cursor.CreatedAfter))}";
        var (listed, pages) = await ReadAllAsync(SessionsPath, query, VeeamJsonContext.Default.VeeamPageVeeamSession, cancellationToken);
        Log.VeeamRead(_logger, _options.Name, listed.Count, pages, cursor.CreatedAfter, jobs.Count);
        var sessions = listed.DistinctBy(s => s.Id, StringComparer.OrdinalIgnoreCase).ToList();
        var newestCreated = sessions.Select(s => VeeamTime.Parse(s.CreationTime)).Max();
        sessions.AddRange(await ReadStillRunningAsync(cursor, sessions, cancellationToken));

        var reported = cursor.Reported.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var wasRunning = cursor.Running.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var next = new VeeamCursor
        {
            CreatedAfter = newestCreated is { } newest && newest - Overlap > cursor.CreatedAfter ? newest - Overlap : cursor.CreatedAfter,
        };
        var observations = new List<Observation>();
        foreach (var session in sessions)
        {
            if (VeeamTime.Parse(session.CreationTime) is not { } created)
            {
                Log.VeeamSessionWithoutTime(_logger, _options.Name, session.Id, session.CreationTime);
                continue;
            }

            if (!Wanted(session))
            {
                continue;
            }

            var finished = VeeamSessionMapper.IsFinished(session);
            var isNew = finished ? !reported.Contains(session.Id) : !wasRunning.Contains(session.Id);
            if (finished && created >= next.CreatedAfter)
            {
                next.Reported.Add(session.Id); // still inside the window the next run reads
            }
            else if (!finished)
            {
                next.Running.Add(session.Id);
            }

            if (isNew)
            {
                var observation = mapper.ToObservation(session, created, now);
                observations.Add(observation);
                if (finished && _options.ReportVmTasks)
                {
                    var vms = (await ReadVmTasksAsync(session, created, mapper, now, cancellationToken)).ToList();
                    observations.AddRange(vms);
                    VeeamSessionMapper.TakeBackupType(observation, vms);
                }
            }
        }

        _state.Save(next, VeeamJsonContext.Default.VeeamCursor);
        return ProbeResult.Ok(observations, jobs.Select(mapper.ToListing).ToList());
    }

    /// <summary>The per-VM results of a finished session. A server that answers, but not with task sessions (an older
    /// API revision, an error for this one session), costs only these: the session itself is still reported. A server
    /// that does not answer at all fails the run as any other call would.</summary>
    private async Task<IEnumerable<Observation>> ReadVmTasksAsync(
        VeeamSession session, DateTimeOffset created, VeeamSessionMapper mapper, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_client.Revision is not { } revision || !_taskSessions.Worth(revision))
        {
            return [];
        }

        List<VeeamTaskSession> tasks;
        try
        {
            (tasks, _) = await ReadAllAsync(
                $"{SessionsPath}/{Uri.EscapeDataString(session.Id)}/taskSessions", "", VeeamJsonContext.Default.VeeamPageVeeamTaskSession, cancellationToken);
        }
        catch (VeeamApiException ex) when (ex.RevisionRefused)
        {
            _taskSessions.Refused(revision);
            Log.VeeamTaskSessionsUnavailable(_logger, _options.Name, revision);
            return [];
        }
        catch (Exception ex) when (ex is VeeamApiException or JsonException)
        {
            Log.VeeamTaskSessionsUnreadable(_logger, _options.Name, session.Id, ex.Message);
            return [];
        }

        _taskSessions.Answered(revision);

        return tasks
            .Where(VeeamSessionMapper.IsVmTask)
            .DistinctBy(t => t.Id, StringComparer.OrdinalIgnoreCase)
            .Select(t => mapper.ToTaskObservation(session, created, t, now))
            .ToList();
    }

    /// <summary>Sessions seen running last time that the window no longer covers, asked for one by one.</summary>
    private async Task<List<VeeamSession>> ReadStillRunningAsync(VeeamCursor cursor, List<VeeamSession> listed, CancellationToken cancellationToken)
    {
        var listedIds = listed.Select(s => s.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var found = new List<VeeamSession>();
        foreach (var id in cursor.Running.Where(id => !listedIds.Contains(id)))
        {
            var session = await _client.GetAsync($"{SessionsPath}/{Uri.EscapeDataString(id)}", VeeamJsonContext.Default.VeeamSession, cancellationToken, allowNotFound: true);
            if (session is null)
            {
                Log.VeeamRunningSessionGone(_logger, _options.Name, id);
                continue;
            }

            found.Add(session);
        }

        return found;
    }

    /// <summary>Every page of a collection: <c>skip</c> moves by what the server actually returned, since a server may
    /// cap <c>limit</c> below what was asked.</summary>
    private async Task<(List<T> Items, int Pages)> ReadAllAsync<T>(string path, string query, JsonTypeInfo<VeeamPage<T>> typeInfo, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var pages = 0;
        while (true)
        {
            var url = string.Create(CultureInfo.InvariantCulture, $"{path}?skip={items.Count}&limit={_options.PageSize}{(query.Length == 0 ? "" : "&" + query)}");
            var page = (await _client.GetAsync(url, typeInfo, cancellationToken))!;
            pages++;
            items.AddRange(page.Data);
            var total = page.Pagination?.Total ?? items.Count;
            if (page.Data.Count == 0 || items.Count >= total)
            {
                return (items, pages);
            }
        }
    }

    private bool Wanted(VeeamSession session) =>
        _options.SessionTypes.Count == 0 || _options.SessionTypes.Contains(session.SessionType ?? "", StringComparer.OrdinalIgnoreCase);
}
