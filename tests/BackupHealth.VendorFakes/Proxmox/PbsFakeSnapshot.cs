namespace BackupHealth.VendorFakes.Proxmox;

/// <summary>One backup snapshot as <c>/admin/datastore/{store}/snapshots</c> lists it. <see cref="Verification"/>
/// null = never verified (the field is left out, as PBS does); <see cref="Size"/> null = left out.</summary>
public sealed record PbsFakeSnapshot(
    string Store,
    string BackupType,
    string BackupId,
    DateTimeOffset BackupTime,
    long? Size = null,
    string? Verification = null,
    bool Protected = false,
    string? Comment = null,
    IReadOnlyList<(string Name, long Size)>? Files = null)
{
    public static PbsFakeSnapshot Vm(string store, int vmid, DateTimeOffset time, string? verification, string? comment = null, long size = 10L * 1024 * 1024 * 1024) =>
        new(store, "vm", vmid.ToString(System.Globalization.CultureInfo.InvariantCulture), time, size, verification, Comment: comment,
            Files: [("qemu-server.conf.blob", 512), ("drive-scsi0.img.fidx", size - 512), ("index.json.blob", 300)]);

    internal Dictionary<string, object?> ToJson()
    {
        var json = new Dictionary<string, object?>
        {
            ["backup-type"] = BackupType,
            ["backup-id"] = BackupId,
            ["backup-time"] = BackupTime.ToUnixTimeSeconds(),
            ["owner"] = "root@pam",
            ["protected"] = Protected,
            ["files"] = (Files ?? []).Select(f => new Dictionary<string, object?> { ["filename"] = f.Name, ["size"] = f.Size, ["crypt-mode"] = "none" }).ToList(),
        };
        if (Size is { } size)
        {
            json["size"] = size;
        }

        if (Verification is { } state)
        {
            json["verification"] = new Dictionary<string, object?>
            {
                ["state"] = state,
                ["upid"] = $"UPID:pbs1:00000F00:00001000:00000000:{BackupTime.ToUnixTimeSeconds() + 3600:X8}:verificationjob:{Store}\\x3av-daily:root@pam:",
            };
        }

        if (Comment is not null)
        {
            json["comment"] = Comment;
        }

        return json;
    }
}
