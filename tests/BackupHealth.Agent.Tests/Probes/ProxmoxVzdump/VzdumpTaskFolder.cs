using System.Globalization;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Probes.ProxmoxVzdump;

/// <summary>A folder laid out like a Proxmox VE node's <c>/var/log/pve/tasks</c>: <c>index</c>, <c>index.1</c>,
/// <c>active</c> and task logs under the last hex digit of their start time, written as pve-common writes them.</summary>
internal sealed class VzdumpTaskFolder : IDisposable
{
    private readonly TempDirectory _root = new("pve-tasks");
    private int _pid = 0x1A2B;

    public VzdumpTaskFolder()
    {
        Directory.CreateDirectory(TasksPath);
        Directory.CreateDirectory(DumpPath);
    }

    public string TasksPath => _root.Combine("tasks");

    public string DumpPath => _root.Combine("dump");

    public string NewUpid(DateTimeOffset start, string id = "", string node = "pve1", string type = "vzdump") =>
        string.Create(CultureInfo.InvariantCulture, $"UPID:{node}:{_pid++:X8}:{0x0123ABCD:X8}:{start.ToUnixTimeSeconds():X8}:{type}:{id}:root@pam:");

    /// <summary>A finished task: its log, and its line in <c>index</c> (or <c>index.1</c>).</summary>
    public void AddFinished(string upid, DateTimeOffset end, string status, IEnumerable<string> log, bool rotated = false)
    {
        WriteLog(upid, log);
        File.AppendAllText(Path.Combine(TasksPath, rotated ? "index.1" : "index"),
            string.Create(CultureInfo.InvariantCulture, $"{upid} {end.ToUnixTimeSeconds():X8} {status}\n"));
    }

    /// <summary>A running task: its log so far, and its line in <c>active</c> (not saved, no end).</summary>
    public void AddRunning(string upid, IEnumerable<string> log)
    {
        WriteLog(upid, log);
        File.AppendAllText(Path.Combine(TasksPath, "active"), $"{upid} 0\n");
    }

    /// <summary>The task ended: pve-common archives it in <c>index</c> and rewrites <c>active</c>.</summary>
    public void Finish(string upid, DateTimeOffset end, string status, IEnumerable<string> moreLog)
    {
        File.AppendAllLines(LogPath(upid), moreLog);
        File.AppendAllText(Path.Combine(TasksPath, "index"),
            string.Create(CultureInfo.InvariantCulture, $"{upid} {end.ToUnixTimeSeconds():X8} {status}\n"));
        File.WriteAllText(Path.Combine(TasksPath, "active"),
            string.Create(CultureInfo.InvariantCulture, $"{upid} 1 {end.ToUnixTimeSeconds():X8} {status}\n"));
    }

    public string LogPath(string upid) => Path.Combine(TasksPath, upid.Split(':')[4][^1..], upid);

    public void Dispose() => _root.Dispose();

    private void WriteLog(string upid, IEnumerable<string> log)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LogPath(upid))!);
        File.WriteAllLines(LogPath(upid), log);
    }
}
