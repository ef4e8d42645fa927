using BackupHealth.Agent.Probes.Shared.Http;

namespace BackupHealth.Agent.Probes.XenServer;

/// <summary>A <c>xenserver</c> probe: XAPI over JSON-RPC on a XenServer / XCP-ng pool master.</summary>
internal sealed class XenServerProbeOptions : ApiProbeOptions
{
    /// <summary>The pool master, e.g. <c>https://xen01.example.local/</c>; <c>jsonrpc</c> is appended.</summary>
    protected override string UrlRequirement => "must be an absolute https URL of the pool master, e.g. https://xen01/";
}
