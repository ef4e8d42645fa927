using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.VendorFakes.Proxmox;

/// <summary>A Proxmox VE API on 127.0.0.1 over HTTPS (self-signed), answering as <c>{"data": ...}</c> with API-token
/// auth (<c>Authorization: PVEAPIToken=user@realm!name=secret</c>, 401 otherwise): <c>/api2/json/nodes</c>,
/// <c>/cluster/resources?type=vm</c>, <c>/cluster/backup</c>, <c>/nodes/{node}/tasks</c> (typefilter, since, source=archive|active|all,
/// start/limit paging with <c>total</c>, newest first), <c>/nodes/{node}/tasks/{upid}/log</c> (start/limit) and
/// <c>/nodes/{node}/time</c>. Tests set nodes, guests and tasks and read the request log.</summary>
public sealed class PveFake : LoopbackVendorFake<PveFake>
{
    private readonly List<PveFakeGuest> _guests = [];
    private readonly List<PveFakeTask> _tasks = [];
    private readonly List<PveFakeBackupJob> _backupJobs = [];
    private readonly Dictionary<string, (string Status, string Zone)> _nodes = new(StringComparer.Ordinal);

    private PveFake(string tokenId, string secret)
        : base(tokenId, secret)
    {
    }

    public string TokenId => Username;

    public string Secret => Password;

    /// <summary>Largest page handed out whatever <c>limit</c> asks; null = as asked (PVE's own default is 50).</summary>
    public int? MaxPageSize { get; set; }

    /// <summary>What <c>/nodes/{node}/time</c> says the clock is.</summary>
    public DateTimeOffset Clock { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Requests as <c>GET /api2/json/nodes/pve1/tasks?typefilter=vzdump&amp;...</c>, in order.</summary>
    public IReadOnlyList<string> Requests => Log;

    public static async Task<PveFake> StartAsync(string tokenId = "backuphealth@pve!monitor", string secret = "6f1c1f2e-0d4b-4b53-9a43-5b3c0c7d2e11", int port = 0)
    {
        var fake = new PveFake(tokenId, secret);
        return await fake.ListenAsync(fake.Map, port);
    }

    public PveFake AddNode(string node, string status = "online", string timeZone = "Europe/Berlin") => Locked(() => _nodes[node] = (status, timeZone));

    public PveFake AddGuests(params PveFakeGuest[] guests) => Locked(() => _guests.AddRange(guests));

    public PveFake AddBackupJobs(params PveFakeBackupJob[] jobs) => Locked(() => _backupJobs.AddRange(jobs));

    public PveFake AddTasks(params PveFakeTask[] tasks) => Locked(() => _tasks.AddRange(tasks));

    /// <summary>Replaces the task with the same UPID (e.g. the running task, now finished with more log).</summary>
    public PveFake UpdateTask(PveFakeTask task) => Locked(() =>
    {
        _tasks.RemoveAll(t => t.Upid == task.Upid);
        _tasks.Add(task);
    });

    public void ClearRequests() => ClearLog();

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            Record($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            await next(context);
        });
        app.MapGet("/api2/json/nodes", context => Authorized(context, () => _nodes
            .Select(n => new Dictionary<string, object?> { ["node"] = n.Key, ["status"] = n.Value.Status, ["type"] = "node" })
            .ToList()));
        app.MapGet("/api2/json/cluster/resources", context => Authorized(context, () => _guests.Select(g => g.ToJson()).ToList()));
        app.MapGet("/api2/json/cluster/backup", context => Authorized(context, () => _backupJobs.Select(j => j.ToJson()).ToList()));
        app.MapGet("/api2/json/nodes/{node}/tasks", context => Authorized(context, () => Tasks(context)));
        app.MapGet("/api2/json/nodes/{node}/tasks/{upid}/log", context => Authorized(context, () => TaskLog(context)));
        app.MapGet("/api2/json/nodes/{node}/time", context => Authorized(context, () =>
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(_nodes.GetValueOrDefault(Node(context)).Zone ?? "UTC");
            return new Dictionary<string, object?>
            {
                ["timezone"] = zone.Id,
                ["time"] = Clock.ToUnixTimeSeconds(),
                ["localtime"] = Clock.ToUnixTimeSeconds() + (long)zone.GetUtcOffset(Clock).TotalSeconds,
            };
        }));
    }

    private static string Node(HttpContext context) => (string)context.Request.RouteValues["node"]!;

    private Answer Tasks(HttpContext context)
    {
        var query = context.Request.Query;
        var node = Node(context);
        var source = query["source"].ToString() is { Length: > 0 } s ? s : "archive";
        var typeFilter = query["typefilter"].ToString();
        var since = long.TryParse(query["since"], CultureInfo.InvariantCulture, out var sinceValue) ? sinceValue : (long?)null;
        IEnumerable<PveFakeTask> Of(bool running) => _tasks
            .Where(t => t.Node == node && (t.End is null) == running)
            .Where(t => typeFilter.Length == 0 || t.Type == typeFilter)
            .Where(t => since is null || t.Start.ToUnixTimeSeconds() >= since)
            .OrderByDescending(t => t.End ?? t.Start);

        var data = new List<Dictionary<string, object?>>();
        if (source is "active" or "all")
        {
            data.AddRange(Of(running: true).Select(t => t.ToJson()));
        }

        var total = 0;
        if (source != "active")
        {
            var archive = Of(running: false).ToList();
            total = archive.Count;
            var (start, limit) = Paging(query);
            data.AddRange(archive.Skip(start).Take(limit).Select(t => t.ToJson()));
        }

        return new Answer(data, total);
    }

    private Answer TaskLog(HttpContext context)
    {
        var upid = Uri.UnescapeDataString((string)context.Request.RouteValues["upid"]!);
        var task = _tasks.SingleOrDefault(t => t.Upid == upid && t.Node == Node(context));
        if (task is null)
        {
            return new Answer(null, 0, StatusCodes.Status400BadRequest, "Parameter verification failed. upid: no such task");
        }

        var (start, limit) = Paging(context.Request.Query);
        var lines = task.Log.Select((t, i) => new Dictionary<string, object?> { ["n"] = i + 1, ["t"] = t }).Skip(start).Take(limit).ToList();
        return new Answer(lines, task.Log.Count);
    }

    private (int Start, int Limit) Paging(IQueryCollection query)
    {
        var start = int.TryParse(query["start"], CultureInfo.InvariantCulture, out var s) ? s : 0;
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 50;
        return (start, Math.Min(limit, MaxPageSize ?? int.MaxValue));
    }

    private async Task Authorized(HttpContext context, Func<object> answer)
    {
        var header = context.Request.Headers.Authorization.ToString();
        object? body = null;
        if (header == $"PVEAPIToken={TokenId}={Secret}")
        {
            lock (Gate)
            {
                body = answer();
            }
        }

        switch (body)
        {
            case null:
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new Dictionary<string, object?> { ["data"] = null });
                return;
            case Answer { Status: not StatusCodes.Status200OK } failed:
                context.Response.StatusCode = failed.Status;
                await context.Response.WriteAsJsonAsync(new Dictionary<string, object?> { ["data"] = null, ["message"] = failed.Message });
                return;
            case Answer paged:
                await context.Response.WriteAsJsonAsync(new Dictionary<string, object?> { ["data"] = paged.Data, ["total"] = paged.Total });
                return;
            default:
                await context.Response.WriteAsJsonAsync(new Dictionary<string, object?> { ["data"] = body });
                return;
        }
    }

    private sealed record Answer(object? Data, int Total, int Status = StatusCodes.Status200OK, string Message = "");
}
