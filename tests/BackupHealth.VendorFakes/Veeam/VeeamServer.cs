using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BackupHealth.VendorFakes.Veeam;

/// <summary>A stand-in for the Veeam Backup &amp; Replication REST API over HTTPS with a self-signed certificate:
/// OAuth2 password and refresh-token grants, bearer tokens that expire on the given clock, the required
/// <c>x-api-version</c> header (400 when missing or unknown), <c>/api/v1/sessions</c> with skip/limit paging and
/// the documented filters, <c>/api/v1/sessions/{id}</c>, <c>/api/v1/sessions/{id}/taskSessions</c> (paged) and
/// <c>/api/v1/jobs/states</c>, in the documented shapes.
/// Tests set its data and knobs and read its request log.</summary>
public sealed class VeeamServer : IAsyncDisposable
{
    public const string DefaultUsername = @"BACKUP\svc-backuphealth";
    public const string DefaultPassword = "Correct-Horse-9!";

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly List<VeeamFakeSession> _sessions = [];
    private readonly List<VeeamFakeJob> _jobs = [];
    private readonly Dictionary<Guid, List<VeeamFakeTaskSession>> _tasks = [];
    private readonly List<VeeamRequest> _requests = [];
    private readonly Dictionary<string, DateTimeOffset> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _refreshTokens = new(StringComparer.Ordinal);
    private LoopbackWebServer? _web;

    private VeeamServer(TimeProvider time)
    {
        _time = time;
    }

    public Uri BaseAddress => Web.BaseAddress;

    public int Port => Web.Port;

    /// <summary>For the probe's CertificateThumbprint setting.</summary>
    public string CertificateSha256 => Web.CertificateSha256!;

    public string Username { get; set; } = DefaultUsername;

    public string Password { get; set; } = DefaultPassword;

    /// <summary>Access token lifetime, sent as <c>expires_in</c> and enforced on the server's clock.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The largest page served whatever <c>limit</c> asks; null for no cap.</summary>
    public int? MaxPageSize { get; set; }

    /// <summary>Values accepted in <c>x-api-version</c> (a v13 server's by default); any other is refused as VBR refuses
    /// it: 400 <c>NotImplemented</c>, "Unsupported RESTAPI version. The following versions are supported: v1.0-rev1, …".</summary>
    public ISet<string> ApiVersions { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "1.0-rev1", "1.0-rev2", "1.1-rev0", "1.1-rev1", "1.1-rev2", "1.2-rev0", "1.2-rev1", "1.3-rev0", "1.3-rev1",
    };

    /// <summary>The first revision with <c>/api/v1/sessions/{id}/taskSessions</c> (12.3.1); under an older one the
    /// route is refused like an unknown revision, as an API-versioned route is.</summary>
    public string TaskSessionsSince { get; set; } = "1.2-rev1";

    /// <summary>When set, <c>/api/v1/sessions/{id}/taskSessions</c> answers this status (after the auth checks) with a
    /// Veeam error body, e.g. 500; the other endpoints are unaffected.</summary>
    public int? TaskSessionsFailure { get; set; }

    public IReadOnlyList<VeeamRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>How each request's body was framed (Content-Length or chunked), in order.</summary>
    public IReadOnlyList<RequestFraming> Framing => Web.Framing;

    private LoopbackWebServer Web => _web ?? throw new InvalidOperationException("not started");

    /// <param name="time">The clock tokens expire on; the test's fake clock, so token lifetime is under its control.</param>
    public static async Task<VeeamServer> StartAsync(TimeProvider? time = null)
    {
        var server = new VeeamServer(time ?? TimeProvider.System);
        server._web = await LoopbackWebServer.StartAsync(server.Map, https: true);
        return server;
    }

    public void AddSessions(params VeeamFakeSession[] sessions)
    {
        lock (_gate)
        {
            _sessions.AddRange(sessions);
        }
    }

    /// <summary>Changes a served session in place, e.g. to finish a running one.</summary>
    public void UpdateSession(Guid id, Action<VeeamFakeSession> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            change(_sessions.Single(s => s.Id == id));
        }
    }

    public void RemoveSession(Guid id)
    {
        lock (_gate)
        {
            _sessions.RemoveAll(s => s.Id == id);
        }
    }

    /// <summary>Task sessions (one per VM) of the session <paramref name="sessionId"/>; their <c>sessionId</c> is set
    /// to it.</summary>
    public void AddTaskSessions(Guid sessionId, params VeeamFakeTaskSession[] tasks)
    {
        lock (_gate)
        {
            if (!_tasks.TryGetValue(sessionId, out var list))
            {
                _tasks[sessionId] = list = [];
            }

            list.AddRange(tasks);
        }
    }

    /// <summary>Changes a served task session in place, e.g. to finish it with its session.</summary>
    public void UpdateTaskSession(Guid sessionId, Guid taskId, Action<VeeamFakeTaskSession> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            change(_tasks[sessionId].Single(t => t.Id == taskId));
        }
    }

    public void AddJobs(params VeeamFakeJob[] jobs)
    {
        lock (_gate)
        {
            _jobs.AddRange(jobs);
        }
    }

    public void UpdateJob(Guid id, Action<VeeamFakeJob> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            change(_jobs.Single(j => j.Id == id));
        }
    }

    /// <summary>Every access token issued so far is refused from now on (as after a service restart); refresh
    /// tokens stay valid unless <paramref name="alsoRefreshTokens"/>.</summary>
    public void ExpireAllTokens(bool alsoRefreshTokens = false)
    {
        lock (_gate)
        {
            _accessTokens.Clear();
            if (alsoRefreshTokens)
            {
                _refreshTokens.Clear();
            }
        }
    }

    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>The server goes away (connections refused) until disposed.</summary>
    public Task StopAsync() => Web.StopAsync();

    public async ValueTask DisposeAsync()
    {
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }
    }

    private void Map(WebApplication app)
    {
        app.MapPost("/api/oauth2/token", TokenAsync);
        app.MapGet("/api/v1/sessions", SessionsAsync);
        app.MapGet("/api/v1/sessions/{id}", SessionAsync);
        app.MapGet("/api/v1/sessions/{id}/taskSessions", TaskSessionsAsync);
        app.MapGet("/api/v1/jobs/states", JobStatesAsync);
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : null;
        var grantType = form?["grant_type"].ToString();
        if (ApiVersionProblem(context) is { } problem)
        {
            await AnswerAsync(context, 400, problem, grantType);
            return;
        }

        bool granted;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            granted = grantType switch
            {
                "password" => form!["username"] == Username && form["password"] == Password,
                "refresh_token" => _refreshTokens.Remove(form!["refresh_token"].ToString(), out var expiry) && expiry > now,
                _ => false,
            };
        }

        if (!granted)
        {
            var message = grantType == "refresh_token" ? "Refresh token is invalid or expired." : "Invalid credentials.";
            await AnswerAsync(context, 401, Error("Unauthorized", message), grantType);
            return;
        }

        await AnswerAsync(context, 200, IssueTokens(), grantType);
    }

    private async Task SessionsAsync(HttpContext context)
    {
        if (await RefuseAsync(context))
        {
            return;
        }

        var query = context.Request.Query;
        IEnumerable<VeeamFakeSession> sessions;
        lock (_gate)
        {
            sessions = _sessions.Select(s => s.Copy()).ToList();
        }

        if (Time(query["createdAfterFilter"]) is { } createdAfter)
        {
            sessions = sessions.Where(s => s.CreationTime > createdAfter);
        }

        if (Time(query["endedAfterFilter"]) is { } endedAfter)
        {
            sessions = sessions.Where(s => s.EndTime > endedAfter);
        }

        if (query["typeFilter"].Count > 0)
        {
            sessions = sessions.Where(s => query["typeFilter"].Contains(s.SessionType));
        }

        if (query["stateFilter"].ToString() is { Length: > 0 } state)
        {
            sessions = sessions.Where(s => s.State == state);
        }

        if (query["resultFilter"].Count > 0)
        {
            sessions = sessions.Where(s => query["resultFilter"].Contains(s.Result));
        }

        if (Guid.TryParse(query["jobIdFilter"], out var jobId))
        {
            sessions = sessions.Where(s => s.JobId == jobId);
        }

        var ascending = string.Equals(query["orderAsc"], "true", StringComparison.OrdinalIgnoreCase);
        Func<VeeamFakeSession, object?> key = query["orderColumn"].ToString() switch
        {
            "Name" => s => s.Name,
            "EndTime" => s => s.EndTime,
            _ => s => s.CreationTime,
        };
        sessions = ascending ? sessions.OrderBy(key).ThenBy(s => s.Id) : sessions.OrderByDescending(key).ThenBy(s => s.Id);
        await AnswerAsync(context, 200, Page(context, sessions.ToList(), SessionJson), null);
    }

    private async Task SessionAsync(HttpContext context)
    {
        if (await RefuseAsync(context))
        {
            return;
        }

        VeeamFakeSession? session;
        lock (_gate)
        {
            session = Guid.TryParse(context.Request.RouteValues["id"]?.ToString(), out var id)
                ? _sessions.FirstOrDefault(s => s.Id == id)?.Copy()
                : null;
        }

        await (session is null
            ? AnswerAsync(context, 404, Error("NotFound", "Session not found."), null)
            : AnswerAsync(context, 200, SessionJson(session), null));
    }

    private async Task TaskSessionsAsync(HttpContext context)
    {
        if (await RefuseAsync(context))
        {
            return;
        }

        if (Revision.Compare(context.Request.Headers["x-api-version"].ToString(), TaskSessionsSince) < 0)
        {
            await AnswerAsync(context, 400, Unsupported(), null);
            return;
        }

        if (TaskSessionsFailure is { } failure)
        {
            await AnswerAsync(context, failure, Error("InternalServerError", "Task sessions are not available."), null);
            return;
        }

        Guid sessionId;
        List<VeeamFakeTaskSession>? tasks;
        lock (_gate)
        {
            var known = Guid.TryParse(context.Request.RouteValues["id"]?.ToString(), out sessionId) && _sessions.Any(s => s.Id == sessionId);
            tasks = known
                ? (_tasks.GetValueOrDefault(sessionId) ?? []).Select(t => t.Copy()).OrderBy(t => t.CreationTime).ThenBy(t => t.Id).ToList()
                : null;
        }

        await (tasks is null
            ? AnswerAsync(context, 404, Error("NotFound", "Session not found."), null)
            : AnswerAsync(context, 200, Page(context, tasks, t => TaskSessionJson(t, sessionId)), null));
    }

    private async Task JobStatesAsync(HttpContext context)
    {
        if (await RefuseAsync(context))
        {
            return;
        }

        List<VeeamFakeJob> jobs;
        lock (_gate)
        {
            jobs = _jobs.Select(j => j.Copy()).OrderBy(j => j.Name, StringComparer.Ordinal).ToList();
        }

        await AnswerAsync(context, 200, Page(context, jobs, JobJson), null);
    }

    /// <summary>Answers 400 for a missing or unknown API version and 401 for a missing, unknown or expired token.</summary>
    private async Task<bool> RefuseAsync(HttpContext context)
    {
        if (ApiVersionProblem(context) is { } problem)
        {
            await AnswerAsync(context, 400, problem, null);
            return true;
        }

        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : "";
        bool valid;
        lock (_gate)
        {
            valid = _accessTokens.TryGetValue(token, out var expiry) && expiry > _time.GetUtcNow();
        }

        if (!valid)
        {
            await AnswerAsync(context, 401, Error("Unauthorized", "Access token is missing, invalid or expired."), null);
            return true;
        }

        return false;
    }

    private JsonObject? ApiVersionProblem(HttpContext context)
    {
        var version = context.Request.Headers["x-api-version"].ToString();
        if (version.Length == 0)
        {
            return Error("BadRequest", "The x-api-version header is required.");
        }

        return ApiVersions.Contains(version) ? null : Unsupported();
    }

    private JsonObject Unsupported()
    {
        List<string> versions;
        lock (_gate)
        {
            versions = [.. ApiVersions];
        }

        versions.Sort(Revision.Compare);
        var error = Error("NotImplemented", $"Unsupported RESTAPI version. The following versions are supported: {string.Join(", ", versions.Select(v => "v" + v))}");
        error["resourceId"] = null;
        return error;
    }

    private JsonObject IssueTokens()
    {
        var access = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        var refresh = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _accessTokens[access] = now + TokenLifetime;
            _refreshTokens[refresh] = now + RefreshTokenLifetime;
        }

        return new JsonObject
        {
            ["access_token"] = access,
            ["token_type"] = "bearer",
            ["refresh_token"] = refresh,
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
        };
    }

    private JsonObject Page<T>(HttpContext context, List<T> items, Func<T, JsonNode> toJson)
    {
        var query = context.Request.Query;
        var skip = int.TryParse(query["skip"], out var s) ? Math.Max(s, 0) : 0;
        var limit = int.TryParse(query["limit"], out var l) ? Math.Max(l, 0) : 200;
        if (MaxPageSize is { } max)
        {
            limit = Math.Min(limit, max);
        }

        var page = items.Skip(skip).Take(limit).Select(toJson).ToArray();
        return new JsonObject
        {
            ["data"] = new JsonArray(page),
            ["pagination"] = new JsonObject { ["total"] = items.Count, ["count"] = page.Length, ["skip"] = skip, ["limit"] = limit },
        };
    }

    private static JsonObject SessionJson(VeeamFakeSession s) => new()
    {
        ["id"] = s.Id.ToString(),
        ["name"] = s.Name,
        ["jobId"] = s.JobId.ToString(),
        ["sessionType"] = s.SessionType,
        ["creationTime"] = Text(s.CreationTime),
        ["endTime"] = s.EndTime is { } end ? Text(end) : null,
        ["state"] = s.State,
        ["progressPercent"] = s.ProgressPercent,
        ["result"] = new JsonObject { ["result"] = s.Result, ["message"] = s.Message ?? "", ["isCanceled"] = s.IsCanceled },
        ["resourceId"] = Guid.Empty.ToString(),
        ["usn"] = 1,
        ["platformName"] = s.PlatformName,
        ["initiatedBy"] = @"BACKUP\Administrator",
    };

    private static JsonObject TaskSessionJson(VeeamFakeTaskSession t, Guid sessionId) => new()
    {
        ["id"] = t.Id.ToString(),
        ["type"] = t.Type,
        ["sessionId"] = sessionId.ToString(),
        ["sessionType"] = t.SessionType,
        ["creationTime"] = Text(t.CreationTime),
        ["endTime"] = t.EndTime is { } end ? Text(end) : null,
        ["name"] = t.Name,
        ["usn"] = 1,
        ["state"] = t.State,
        ["result"] = new JsonObject { ["result"] = t.Result, ["message"] = t.Message ?? "", ["isCanceled"] = t.IsCanceled },
        ["algorithm"] = t.Algorithm,
        ["progress"] = t.TransferredSize is { } size
            ? new JsonObject { ["duration"] = "00:05:00", ["processingRate"] = null, ["bottleneck"] = "Source", ["processedSize"] = size * 3, ["readSize"] = size * 2, ["transferredSize"] = size }
            : null,
    };

    private static JsonObject JobJson(VeeamFakeJob j) => new()
    {
        ["id"] = j.Id.ToString(),
        ["name"] = j.Name,
        ["type"] = j.Type,
        ["description"] = "",
        ["status"] = j.Status,
        ["lastRun"] = j.LastRun is { } last ? Text(last) : null,
        ["lastResult"] = j.LastResult,
        ["nextRun"] = j.NextRun is { } next ? Text(next) : null,
        ["workload"] = "VM",
        ["repositoryName"] = j.RepositoryName,
        ["objectsCount"] = j.ObjectsCount,
        ["sessionProgress"] = j.TransferredSize is { } size
            ? new JsonObject { ["transferredSize"] = size, ["processedSize"] = size * 3, ["readSize"] = size * 2, ["progressPercent"] = 100 }
            : null,
    };

    private static JsonObject Error(string code, string message) => new() { ["errorCode"] = code, ["message"] = message };

    /// <summary>As VBR writes times: seven fraction digits and the server's local offset.</summary>
    private static string Text(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

    private async Task AnswerAsync(HttpContext context, int status, JsonNode body, string? grantType)
    {
        lock (_gate)
        {
            _requests.Add(new VeeamRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.TryGetValue("x-api-version", out var version) ? version.ToString() : null,
                grantType,
                status));
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}
