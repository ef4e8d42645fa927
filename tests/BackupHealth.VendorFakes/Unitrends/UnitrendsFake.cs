using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.VendorFakes.Unitrends;

/// <summary>A Unitrends appliance API on 127.0.0.1 over HTTPS (self-signed), refusing a POST body without a
/// <c>Content-Length</c> (chunked) with 411 as a web server in front of PHP does: <c>POST /api/login</c> →
/// <c>auth_token</c>, checked in the <c>AuthToken</c> header; <c>/api/jobs/history</c> (filtered by <c>start_date</c>,
/// newest first, paged by <c>limit</c>/<c>offset</c> unless <see cref="IgnorePaging"/>), <c>/api/jobs/active</c> and
/// <c>/api/joborders</c>, all as <c>{"data": [...]}</c>. Tests set the rows, expire tokens and read the request log.</summary>
public sealed class UnitrendsFake : LoopbackVendorFake<UnitrendsFake>
{
    private readonly List<UnitrendsFakeRun> _history = [];
    private readonly List<UnitrendsFakeActiveJob> _active = [];
    private readonly List<UnitrendsFakeJobOrder> _jobOrders = [];
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);

    private UnitrendsFake(string username, string password)
        : base(username, password)
    {
    }

    /// <summary>Largest page the appliance hands out whatever <c>limit</c> asks; null = as asked.</summary>
    public int? MaxPageSize { get; set; }

    /// <summary>Answer every history request with all rows, as an appliance that knows no paging would.</summary>
    public bool IgnorePaging { get; set; }

    /// <summary>Add <c>total</c> to history answers.</summary>
    public bool SendTotal { get; set; }

    /// <summary>Requests as <c>GET /api/jobs/history?showFlat=true&amp;...</c>, in order.</summary>
    public IReadOnlyList<string> Requests => Log;

    public static async Task<UnitrendsFake> StartAsync(string username = "backuphealth", string password = "s3cret-pw", int port = 0)
    {
        var fake = new UnitrendsFake(username, password);
        return await fake.ListenAsync(fake.Map, port);
    }

    public UnitrendsFake AddHistory(params UnitrendsFakeRun[] runs) => Locked(() => _history.AddRange(runs));

    public UnitrendsFake AddActive(params UnitrendsFakeActiveJob[] jobs) => Locked(() => _active.AddRange(jobs));

    public UnitrendsFake ClearActive() => Locked(_active.Clear);

    public UnitrendsFake AddJobOrders(params UnitrendsFakeJobOrder[] orders) => Locked(() => _jobOrders.AddRange(orders));

    /// <summary>Every token handed out so far is refused from now on (HTTP 401), as after the appliance's timeout.</summary>
    public void ExpireTokensNow() => Locked(_tokens.Clear);

    public void ClearRequests() => ClearLog();

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            Record($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.ContentLength is null)
            {
                await RefuseWithoutLengthAsync(context);
                return;
            }

            await next(context);
        });
        app.MapPost("/api/login", Login);
        app.MapGet("/api/jobs/history", context => Authorized(context, () => History(context.Request.Query)));
        app.MapGet("/api/jobs/active", context => Authorized(context, () => new { data = _active.Select(a => a.ToJson()).ToList() }));
        app.MapGet("/api/joborders", context => Authorized(context, () => new { data = _jobOrders.Select(o => o.ToJson()).ToList() }));
    }

    /// <summary>As Apache httpd answers a chunked body bound for a CGI/FastCGI handler: 411, before the handler sees it.
    /// Which web server fronts the appliance's PHP API is unconfirmed; the stand-in takes the strict answer.</summary>
    private static async Task RefuseWithoutLengthAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status411LengthRequired;
        context.Response.ContentType = "text/html; charset=iso-8859-1";
        await context.Response.WriteAsync(
            "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>411 Length Required</title>\n</head><body>\n" +
            $"<h1>Length Required</h1>\n<p>A request of the requested method {context.Request.Method} requires a valid Content-length.<br />\n</p>\n</body></html>\n");
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

        CountLogin();
        var token = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        Locked(() => _tokens.Add(token));
        context.Response.StatusCode = StatusCodes.Status201Created;
        await context.Response.WriteAsJsonAsync(new { id = 1, auth_token = token, superuser = true });
    }

    private async Task Authorized(HttpContext context, Func<object> answer)
    {
        var token = context.Request.Headers["AuthToken"].ToString();
        object? body = null;
        lock (Gate)
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
