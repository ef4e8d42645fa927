namespace BackupHealth.Agent.Probes.Veeam;

/// <summary>Whether the server gives per-VM results (task sessions) under the revision in use: not asked below
/// <see cref="VeeamApiRevisions.TaskSessionsSince"/>, which has no such route; above it, the server's first answer is
/// kept for as long as the revision stays, so a refused route costs one request, not one per session.</summary>
internal sealed class VeeamTaskSessionSupport
{
    private string? _revision;
    private bool _available;

    public bool Worth(string revision) =>
        VeeamApiRevisions.AtLeast(revision, VeeamApiRevisions.TaskSessionsSince) && (_revision != revision || _available);

    public void Answered(string revision) => (_revision, _available) = (revision, true);

    public void Refused(string revision) => (_revision, _available) = (revision, false);

    /// <summary>For the Agents page: <c>api_version</c> (once a login succeeded) and <c>per_vm_results</c>.</summary>
    public Dictionary<string, string> Details(VeeamApiClient client, bool reportVmTasks)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        if (client.Revision is not { } revision)
        {
            details["per_vm_results"] = reportVmTasks ? "not known until the probe logs in" : "off (ReportVmTasks is false)";
            return details;
        }

        details["api_version"] = client.RevisionIsSet ? $"{revision} (ApiVersion setting)" : revision;
        details["per_vm_results"] = !reportVmTasks ? "off (ReportVmTasks is false)"
            : !VeeamApiRevisions.AtLeast(revision, VeeamApiRevisions.TaskSessionsSince)
                ? $"no: needs API {VeeamApiRevisions.TaskSessionsSince} (VBR 12.3.1 or later)"
            : _revision != revision ? "expected (no finished session asked yet)"
            : _available ? "yes"
            : $"no: the server refused task sessions under API {revision}";
        return details;
    }
}
