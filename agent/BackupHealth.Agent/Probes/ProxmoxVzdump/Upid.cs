using System.Globalization;

namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

/// <summary>A Proxmox VE task id, <c>UPID:node:pid:pstart:starttime:type:id:user:</c> (pid, pstart and starttime
/// in hex). It names the task's log file and carries its start time, so the task index needs no other source.</summary>
internal sealed record Upid(string Text, string Node, DateTimeOffset Start, string Type, string Id, string User)
{
    // "UPID", node, pid, pstart, starttime, type, id, user and the empty text after the closing colon.
    private const int Parts = 9;

    public static Upid? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.StartsWith("UPID:", StringComparison.Ordinal) || !text.EndsWith(':'))
        {
            return null;
        }

        // The user may be a token ("root@pam!backup"), never containing ':'; the id may be empty.
        var parts = text.Split(':');
        if (parts.Length != Parts || parts[1].Length == 0
            || !long.TryParse(parts[4], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start)
            || parts[4].Length != 8)
        {
            return null;
        }

        return new Upid(text, parts[1], DateTimeOffset.FromUnixTimeSeconds(start), parts[5], parts[6], parts[7]);
    }

    /// <summary>The vmid when the task is about one guest (a <c>vzdump 100</c> run); null for a multi-guest job.</summary>
    public string? GuestId => Id.Length > 0 && Id.All(char.IsAsciiDigit) ? Id : null;

    /// <summary>Where Proxmox VE keeps this task's log: <c>&lt;tasks&gt;/&lt;last hex digit of the start time&gt;/&lt;UPID&gt;</c>
    /// (pve-common <c>upid_decode</c>).</summary>
    public string LogPath(string tasksFolder)
    {
        var startHex = Text.Split(':')[4];
        return Path.Combine(tasksFolder, startHex[^1..], Text);
    }
}
