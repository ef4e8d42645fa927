using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.VendorFakes.Unitrends;

/// <summary>A Unitrends appliance API on 127.0.0.1 over HTTPS (self-signed): <c>POST /api/login</c> →
/// <c>auth_token</c>, checked in the <c>AuthToken</c> header; <c>/api/jobs/history</c> (filtered by <c>start_date</c>,
/// newest first, paged by <c>limit</c>/<c>offset</c> unless <see cref="IgnorePaging"/>), <c>/api/jobs/active</c> and
/// <c>/api/joborders</c>, all as <c>{"data": [...]}</c>. Tests set the rows, expire tokens and read the request log.</summary>
public sealed class UnitrendsFake : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<UnitrendsFakeRun> _history = [];
    private readonly List<UnitrendsFakeActiveJob> _active = [];
    private readonly List<UnitrendsFakeJobOrder> _jobOrders = [];
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);
    private readonly List<string> _requests = [];
    private LoopbackWebServer? _server;
    private int _logins;

    private UnitrendsFake(string username, string password)
    {
        Username = username;
        Password = password;
    }

    public string Username { get; }

    public string Password { get; set; }

    public Uri BaseAddress => Server.BaseAddress;

    /// <summary>SHA-256 of the served certificate, for the probe's <c>CertificateThumbprint</c>.</summary>
    public string CertificateSha256 => Server.CertificateSha256!;

    public LoopbackWebServer Server => _server ?? throw new InvalidOperationException("not started");

    /// <summary>Largest page the appliance hands out whatever <c>limit</c> asks; null = as asked.</summary>
    public int? MaxPageSize { get; set; }

    /// <summary>Answer every history request with all rows, as an appliance that knows no paging would.</summary>
    public bool IgnorePaging { get; set; }

    /// <summary>Add <c>total</c> to history answers.</summary>
    public bool SendTotal { get; set; }

    public int LoginCount => Volatile.Read(ref _logins);

    /// <summary>Requests as <c>GET /api/jobs/history?showFlat=true&amp;...</c>, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    public static async Task<UnitrendsFake> StartAsync(string username = "backuphealth", string password = "s3cret-pw", int port = 0)
    {
        var fake = new UnitrendsFake(username, password);
        fake._server = await LoopbackWebServer.StartAsync(fake.Map, https: true, port: port);
        return fake;
    }

    public UnitrendsFake AddHistory(params UnitrendsFakeRun[] runs) => Locked(() => _history.AddRange(runs));

    public UnitrendsFake AddActive(params UnitrendsFakeActiveJob[] jobs) => Locked(() => _active.AddRange(jobs));

    public UnitrendsFake ClearActive() => Locked(_active.Clear);

    public UnitrendsFake AddJobOrders(params UnitrendsFakeJobOrder[] orders) => Locked(() => _jobOrders.AddRange(orders));

    /// <summary>Every token handed out so far is refused from now on (HTTP 401), as after the appliance's timeout.</summary>
    public void ExpireTokensNow() => Locked(_tokens.Clear);

    public void ClearRequests() => Locked(_requests.Clear);

    /// <summary>The appliance goes away: connections are refused until a new fake is started.</summary>
    public Task StopAsync() => Server.StopAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private UnitrendsFake Locked(Action action)
    {
        lock (_gate)
        {
            action();
        }

        return this;
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            Locked(() => _requests.Add($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}"));
            await next(context);
        });
        app.MapPost("/api/login", Login);
        app.MapGet("/api/jobs/history", context => Authorized(context, () => History(context.Request.Query)));
        app.MapGet("/api/jobs/active", context => Authorized(context, () => new { data = _active.Select(a => a.ToJson()).ToList() }));
        app.MapGet("/api/joborders", context => Authorized(context, () => new { data = _jobOrders.Select(o => o.ToJson()).ToList() }));
    }

    private async Task Login(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var user = body.RootElement.TryGetProperty("username", out var u) ? u.GetString() : null;
        var password = body.RootElement.TryGetProperty("password", out var p) ? p.GetString() : null;
        if (user != Username || password != Password)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new { result = new[] { new { message = "Invalid username or password" } } });
            return;
        }

        Interlocked.Increment(ref _logins);
        var token = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        Locked(() => _tokens.Add(token));
        context.Response.StatusCode = StatusCodes.Status201Created;
        await context.Response.WriteAsJsonAsync(new { id = 1, auth_token = token, superuser = true });
    }

    private async Task Authorized(HttpContext context, Func<object> answer)
    {
        var token = context.Request.Headers["AuthToken"].ToString();
        object? body = null;
        lock (_gate)
        {
            if (_tokens.Contains(token))
            {
                body = answer();
            }
        }

        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new { result = new[] { new { message = "Authentication failure" } } });
            return;
        }

        await context.Response.WriteAsJsonAsync(body);
    }

    private object History(IQueryCollection query)
    {
        IEnumerable<UnitrendsFakeRun> rows = _history.OrderByDescending(r => r.SortStartTime ?? 0);
        if (DateTime.TryParseExact(query["start_date"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var startDate))
        {
            var from = new DateTimeOffset(startDate, TimeSpan.Zero).ToUnixTimeSeconds();
            rows = rows.Where(r => r.SortStartTime is null || r.SortStartTime >= from);
        }

        var all = rows.ToList();
        var page = all;
        if (!IgnorePaging)
        {
            var offset = int.TryParse(query["offset"], CultureInfo.InvariantCulture, out var o) ? o : 0;
            var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? l : int.MaxValue;
            limit = Math.Min(limit, MaxPageSize ?? int.MaxValue);
            page = all.Skip(offset).Take(limit).ToList();
        }

        var data = page.Select(r => r.ToJson()).ToList();
        return SendTotal ? new { data, total = all.Count } : new { data };
    }
}
