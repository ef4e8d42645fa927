namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

/// <summary>A scheduled vzdump backup job as Proxmox VE keeps it (<c>/etc/pve/jobs.cfg</c> section
/// <c>vzdump: &lt;id&gt;</c>, <c>/etc/pve/vzdump.cron</c> line, or <c>GET /cluster/backup</c>).</summary>
/// <param name="Schedule">The calendar event (<c>mon..fri 21:00</c>), null when the job has none.</param>
/// <param name="Vmids">The guests it names (<c>vmid</c>); used when no <paramref name="Pool"/> is set.</param>
/// <param name="All">Every guest but <paramref name="Exclude"/>; used when neither pool nor vmids are set.</param>
/// <param name="Node">Only guests on this node (vzdump's <c>node</c> option); null = any node.</param>
/// <param name="NextRun">When PVE says it runs next (API only).</param>
internal sealed record VzdumpBackupJob(
    string Id,
    string? Schedule,
    bool Enabled,
    IReadOnlyList<string> Vmids,
    bool All,
    IReadOnlyList<string> Exclude,
    string? Pool,
    string? Node,
    DateTimeOffset? NextRun = null)
{
    /// <summary>PVE's <c>split_list</c>: commas, semicolons and white space separate.</summary>
    public static IReadOnlyList<string> SplitList(string? text) =>
        (text ?? "").Split([',', ';', ' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The guests it backs up, as pve-manager's <c>PVE::VZDump::get_included_guests</c> picks them: the pool's
    /// members, else the listed vmids, else all but the excluded; then only those on <see cref="Node"/>.</summary>
    public IEnumerable<VzdumpGuest> Covers(IReadOnlyCollection<VzdumpGuest> guests)
    {
        IEnumerable<VzdumpGuest> picked = !string.IsNullOrEmpty(Pool) ? guests.Where(g => g.Pool == Pool)
            : Vmids.Count > 0 ? guests.Where(g => Vmids.Contains(g.Vmid, StringComparer.Ordinal))
            : All ? guests.Where(g => !Exclude.Contains(g.Vmid, StringComparer.Ordinal))
            : [];
        return picked.Where(g => string.IsNullOrEmpty(Node) || g.Node == Node);
    }
}

/// <summary>A guest of the cluster: where it runs and the pool it is in (a guest is in at most one pool).</summary>
internal sealed record VzdumpGuest(string Vmid, string Node, string? Pool);
