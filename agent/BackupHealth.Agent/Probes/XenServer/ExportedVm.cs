namespace BackupHealth.Agent.Probes.XenServer;

/// <summary>The VM an export task exported. <c>xe vm-export</c> names its task <c>Export of VM: &lt;uuid&gt;</c>;
/// other tools put a name there, or the VM's ref in <c>other_config:applies_to</c> (XenCenter). An exported snapshot
/// counts for the VM it is a snapshot of, as backup scripts snapshot first and export the snapshot.</summary>
/// <param name="Key">The VM's uuid when the VM is known, else the text the task names it by.</param>
/// <param name="Snapshot">The exported snapshot's uuid when a snapshot was exported.</param>
internal sealed record ExportedVm(string Key, string Name, string? Uuid, string? Snapshot)
{
    public static ExportedVm Find(XapiTaskRecord task, Dictionary<string, XapiVmRecord> vms)
    {
        var target = (task.NameLabel ?? "")[XenServerProbe.ExportTaskPrefix.Length..].TrimStart(':', ' ').Trim();
        var record = task.OtherConfig?.GetValueOrDefault("applies_to") is { } reference && vms.TryGetValue(reference, out var applies)
            ? applies
            : vms.Values.FirstOrDefault(vm => string.Equals(vm.Uuid, target, StringComparison.OrdinalIgnoreCase))
              ?? vms.Values.FirstOrDefault(vm => !vm.IsATemplate && string.Equals(vm.NameLabel, target, StringComparison.Ordinal));
        if (record is null)
        {
            var text = target.Length > 0 ? target : task.Uuid ?? "unknown";
            return new ExportedVm(text, text, null, null);
        }

        if (record.IsASnapshot && record.SnapshotOf is { } parentRef && vms.TryGetValue(parentRef, out var parent) && parent.Uuid is not null)
        {
            return new ExportedVm(parent.Uuid, parent.NameLabel ?? parent.Uuid, parent.Uuid, record.Uuid);
        }

        var uuid = record.Uuid ?? target;
        return new ExportedVm(uuid, record.NameLabel ?? uuid, record.Uuid, null);
    }
}
