using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.VendorFakes.XenServer;

/// <summary>A XenServer / XCP-ng pool master's XAPI JSON-RPC endpoint (<c>POST /jsonrpc</c>) on 127.0.0.1 over HTTPS
/// (self-signed), as strict as xapi about request bodies (no <c>Content-Length</c>: xapi's HTTP 500, see
/// <see cref="XapiBodyRule"/>): <c>session.login_with_password</c>, <c>session.logout</c>, <c>VM.get_all_records</c>,
/// <c>task.get_all_records</c>, answering in the JSON-RPC version of the request (2.0 or 1.0) unless
/// <see cref="AnswerAsJsonRpc1"/>. Tests add VMs and tasks, expire sessions, restart the toolstack and read the call
/// log.</summary>
public sealed class XenServerFake : LoopbackVendorFake<XenServerFake>
{
    private const string NullRef = "OpaqueRef:NULL";
    private readonly List<XenFakeVm> _vms = [];
    private readonly List<XenFakeTask> _tasks = [];
    private readonly HashSet<string> _sessions = new(StringComparer.Ordinal);
    private int _logouts;

    private XenServerFake(string username, string password)
        : base(username, password)
    {
    }

    /// <summary>Answer in the JSON-RPC 1.0 shape (<c>result</c> + <c>error</c> array) whatever the request says.</summary>
    public bool AnswerAsJsonRpc1 { get; set; }

    /// <summary>When set, login answers <c>HOST_IS_SLAVE</c> with this master address.</summary>
    public string? PoolMasterAddress { get; set; }

    public int LogoutCount => Volatile.Read(ref _logouts);

    /// <summary>Method names called, in order.</summary>
    public IReadOnlyList<string> Calls => Log;

    public static async Task<XenServerFake> StartAsync(string username = "root", string password = "xen-secret", int port = 0)
    {
        var fake = new XenServerFake(username, password);
        return await fake.ListenAsync(app => app.MapPost("/jsonrpc", fake.Handle), port);
    }

    public XenServerFake AddVms(params XenFakeVm[] vms) => Locked(() => _vms.AddRange(vms));

    public XenServerFake AddTasks(params XenFakeTask[] tasks) => Locked(() => _tasks.AddRange(tasks));

    /// <summary>Replaces the task with the same uuid (a pending export that progressed or finished).</summary>
    public XenServerFake UpdateTask(XenFakeTask task) => Locked(() =>
    {
        _tasks.RemoveAll(t => t.Uuid == task.Uuid);
        _tasks.Add(task);
    });

    /// <summary>Every session handed out so far answers <c>SESSION_INVALID</c> from now on.</summary>
    public void ExpireSessionsNow() => Locked(_sessions.Clear);

    /// <summary>As <c>xe-toolstack-restart</c>: all tasks are forgotten and all sessions end.</summary>
    public void RestartToolstack() => Locked(() =>
    {
        _tasks.Clear();
        _sessions.Clear();
    });

    private async Task Handle(HttpContext context)
    {
        if (await XapiBodyRule.RefuseWithoutLengthAsync(context))
        {
            Record("refused: no Content-Length");
            return;
        }

        using var request = await JsonDocument.ParseAsync(context.Request.Body);
        var root = request.RootElement;
        var method = root.GetProperty("method").GetString() ?? "";
        var parameters = root.TryGetProperty("params", out var p) ? p.EnumerateArray().Select(e => e.GetString() ?? "").ToList() : [];
        var version2 = !AnswerAsJsonRpc1 && root.TryGetProperty("jsonrpc", out var v) && v.GetString() == "2.0";
        JsonNode? result;
        string[]? error;
        Record(method);
        lock (Gate)
        {
            (result, error) = Answer(method, parameters);
        }

        var answer = new JsonObject();
        if (version2)
        {
            answer["jsonrpc"] = "2.0";
            if (error is null)
            {
                answer["result"] = result;
            }
            else
            {
                answer["error"] = new JsonObject { ["code"] = 1, ["message"] = error[0], ["data"] = Strings(error[1..]) };
            }
        }
        else
        {
            answer["result"] = error is null ? result : null;
            answer["error"] = error is null ? null : Strings(error);
        }

        answer["id"] = root.TryGetProperty("id", out var id) ? JsonNode.Parse(id.GetRawText()) : null;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    private (JsonNode? Result, string[]? Error) Answer(string method, List<string> parameters)
    {
        if (method == "session.login_with_password")
        {
            if (PoolMasterAddress is not null)
            {
                return (null, ["HOST_IS_SLAVE", PoolMasterAddress]);
            }

            if (parameters.Count < 2 || parameters[0] != Username || parameters[1] != Password)
            {
                return (null, ["SESSION_AUTHENTICATION_FAILED", parameters.FirstOrDefault() ?? "", "Authentication failure"]);
            }

            CountLogin();
            var session = "OpaqueRef:" + Guid.NewGuid();
            _sessions.Add(session);
            return (session, null);
        }

        if (parameters.Count == 0 || !_sessions.Contains(parameters[0]))
        {
            return (null, ["SESSION_INVALID", parameters.FirstOrDefault() ?? ""]);
        }

        switch (method)
        {
            case "session.logout":
                _logouts++;
                _sessions.Remove(parameters[0]);
                return ("", null);
            case "VM.get_all_records":
                return (VmRecords(), null);
            case "task.get_all_records":
                return (TaskRecords(), null);
            default:
                return (null, ["MESSAGE_METHOD_UNKNOWN", method]);
        }
    }

    private JsonObject VmRecords()
    {
        var records = new JsonObject();
        foreach (var vm in _vms)
        {
            var parent = vm.SnapshotOf is null ? null : _vms.FirstOrDefault(p => p.Uuid == vm.SnapshotOf);
            records[vm.Ref] = new JsonObject
            {
                ["uuid"] = vm.Uuid,
                ["name_label"] = vm.NameLabel,
                ["name_description"] = "",
                ["power_state"] = vm.PowerState,
                ["is_a_template"] = vm.IsATemplate,
                ["is_default_template"] = false,
                ["is_a_snapshot"] = vm.IsASnapshot,
                ["is_control_domain"] = vm.IsControlDomain,
                ["snapshot_of"] = parent?.Ref ?? NullRef,
                ["snapshots"] = Strings(_vms.Where(s => s.SnapshotOf == vm.Uuid).Select(s => s.Ref)),
                ["snapshot_time"] = vm.SnapshotTime ?? "19700101T00:00:00Z",
                ["other_config"] = new JsonObject(),
                ["memory_static_max"] = 4294967296,
            };
        }

        return records;
    }

    private JsonObject TaskRecords()
    {
        var records = new JsonObject();
        foreach (var task in _tasks)
        {
            var otherConfig = new JsonObject();
            foreach (var (key, value) in task.OtherConfig)
            {
                otherConfig[key] = value;
            }

            records[task.Ref] = new JsonObject
            {
                ["uuid"] = task.Uuid,
                ["name_label"] = task.NameLabel,
                ["name_description"] = "",
                ["status"] = task.Status,
                ["progress"] = task.Progress,
                ["created"] = task.Created,
                ["finished"] = task.Finished,
                ["error_info"] = Strings(task.ErrorInfo),
                ["result"] = task.Result,
                ["other_config"] = otherConfig,
                ["subtasks"] = new JsonArray(),
            };
        }

        return records;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
