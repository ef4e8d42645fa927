using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.VendorFakes.Proxmox;

/// <summary>A Proxmox Backup Server API on 127.0.0.1 over HTTPS (self-signed), answering as <c>{"data": ...}</c> with
/// API-token auth (<c>Authorization: PBSAPIToken=user@realm!name:secret</c>, 401 otherwise):
/// <c>/api2/json/admin/datastore</c> and <c>/api2/json/admin/datastore/{store}/snapshots</c> (400 for an unknown
/// store). Tests set datastores and snapshots and read the request log.</summary>
public sealed class PbsFake : LoopbackVendorFake<PbsFake>
{
    private readonly List<string> _stores = [];
    private readonly List<PbsFakeSnapshot> _snapshots = [];

    private PbsFake(string tokenId, string secret)
        : base(tokenId, secret)
    {
    }

    public string TokenId => Username;

    public string Secret => Password;

    public IReadOnlyList<string> Requests => Log;

    public static async Task<PbsFake> StartAsync(string tokenId = "backuphealth@pbs!monitor", string secret = "0b7e7c54-3f0e-4c1c-9a1e-2b7f6f1d9c33", int port = 0)
    {
        var fake = new PbsFake(tokenId, secret);
        return await fake.ListenAsync(fake.Map, port);
    }

    public PbsFake AddDatastores(params string[] stores) => Locked(() => _stores.AddRange(stores));

    public PbsFake AddSnapshots(params PbsFakeSnapshot[] snapshots) => Locked(() => _snapshots.AddRange(snapshots));

    /// <summary>Replaces the snapshot of the same store, group and time (e.g. now verified).</summary>
    public PbsFake UpdateSnapshot(PbsFakeSnapshot snapshot) => Locked(() =>
    {
        _snapshots.RemoveAll(s => s.Store == snapshot.Store && s.BackupType == snapshot.BackupType && s.BackupId == snapshot.BackupId && s.BackupTime == snapshot.BackupTime);
        _snapshots.Add(snapshot);
    });

    public void ClearRequests() => ClearLog();

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            Record($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            await next(context);
        });
        app.MapGet("/api2/json/admin/datastore", context => Authorized(context, () =>
            _stores.Select(s => new Dictionary<string, object?> { ["store"] = s, ["comment"] = "" }).ToList()));
        app.MapGet("/api2/json/admin/datastore/{store}/snapshots", context => Authorized(context, () =>
        {
            var store = (string)context.Request.RouteValues["store"]!;
            return _stores.Contains(store)
                ? _snapshots.Where(s => s.Store == store).Select(s => s.ToJson()).ToList()
                : null;
        }));
    }

    private async Task Authorized(HttpContext context, Func<object?> answer)
    {
        if (context.Request.Headers.Authorization.ToString() != $"PBSAPIToken={TokenId}:{Secret}")
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new Dictionary<string, object?> { ["data"] = null, ["message"] = "authentication failed - invalid credentials" });
            return;
        }

        object? body;
        lock (Gate)
        {
            body = answer();
        }

        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new Dictionary<string, object?> { ["data"] = null, ["message"] = "datastore does not exist" });
            return;
        }

        await context.Response.WriteAsJsonAsync(new Dictionary<string, object?> { ["data"] = body });
    }
}
