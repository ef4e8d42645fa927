namespace BackupHealth.Collector.Model;

/// <summary>What one run says it protects: the observation's <c>protected_object</c> and its <c>vm_uuid</c> and
/// <c>vmid</c> attributes (null when the source did not say).</summary>
internal sealed record RunTarget(string ProtectedObject, string? VmUuid = null, string? Vmid = null);
