using System.Globalization;

namespace BackupHealth.Agent.Tests.Probes.ProxmoxVzdump;

/// <summary>vzdump task log lines, as pve-manager's VZDump.pm prints them to the task log.</summary>
internal static class VzdumpLines
{
    public static IEnumerable<string> Job(string arguments) => [$"INFO: starting new backup job: vzdump {arguments}"];

    public static IEnumerable<string> Start(int vmid, string type, string name, DateTime local, string archive)
    {
        yield return $"INFO: Starting Backup of VM {vmid} ({type})";
        yield return $"INFO: Backup started at {Local(local)}";
        yield return "INFO: status = running";
        yield return $"INFO: {(type == "lxc" ? "CT" : "VM")} Name: {name}";
        yield return "INFO: backup mode: snapshot";
        yield return "INFO: ionice priority: 7";
        yield return $"INFO: creating vzdump archive '{archive}'";
    }

    public static IEnumerable<string> Finish(int vmid, string size, TimeSpan duration, DateTime local)
    {
        yield return $"INFO: archive file size: {size}";
        yield return "INFO: adding notes to backup";
        yield return string.Create(CultureInfo.InvariantCulture, $"INFO: Finished Backup of VM {vmid} ({(int)duration.TotalHours:00}:{duration.Minutes:00}:{duration.Seconds:00})");
        yield return $"INFO: Backup finished at {Local(local)}";
    }

    public static IEnumerable<string> Fail(int vmid, string error, DateTime local)
    {
        yield return $"ERROR: {error}";
        yield return $"ERROR: Backup of VM {vmid} failed - {error}";
        yield return $"INFO: Failed at {Local(local)}";
    }

    public static string Local(DateTime local) => local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Archive(string folder, int vmid, string type, DateTime local) =>
        Path.Combine(folder, $"vzdump-{type}-{vmid}-{local:yyyy_MM_dd-HH_mm_ss}.{(type == "lxc" ? "tar" : "vma")}.zst");
}
