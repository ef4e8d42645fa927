using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Contracts;

namespace BackupHealth.Collector.Coverage;

/// <summary>A checked reference to one VM of the inventory: customer and site names and the hypervisor's item id.</summary>
internal sealed record CoverageKey(string Customer, string Site, string ItemId)
{
    /// <summary>Null with a reason when a field is missing or malformed.</summary>
    public static CoverageKey? From(string? customer, string? site, string? itemId, out string error)
    {
        if (!RequestText.TryName("customer", customer, out var c, out error)
            || !RequestText.TryName("site", site, out var s, out error))
        {
            return null;
        }

        // Not trimmed: the item id is the hypervisor's, compared exactly as the probe reported it.
        var id = itemId ?? "";
        error = string.IsNullOrWhiteSpace(id) ? "itemId is required"
            : id.Length > ObservationLimits.MaxIdLength || id.Any(char.IsControl)
                ? $"itemId must be one line of at most {ObservationLimits.MaxIdLength} characters"
            : "";
        return error.Length == 0 ? new CoverageKey(c, s, id) : null;
    }
}
