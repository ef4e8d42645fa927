using System.Globalization;
using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Coverage;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Audit;

/// <summary>Records a coverage change (mapping or exclusion of a VM) that took effect, from the page or the API.</summary>
internal static class CoverageAudit
{
    public static async Task<CommandResult> RecordAsync(this IAuditLog log, HttpContext http, CommandResult result, string action, CoverageKey key,
        string detail = "")
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(key);
        if (result.Status == CommandStatus.Done)
        {
            await log.RecordAsync(http, action, AuditTargets.Vm(key.Customer, key.Site, key.ItemId), key.Customer, detail);
        }

        return result;
    }

    public static string Job(long jobId) => "job " + jobId.ToString(CultureInfo.InvariantCulture);
}
