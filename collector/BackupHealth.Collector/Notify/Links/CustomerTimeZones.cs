using BackupHealth.Collector.Dashboard;
using BackupHealth.Collector.Hosting;
using Microsoft.Extensions.Options;
using TimeZoneConverter;

namespace BackupHealth.Collector.Notify.Links;

/// <summary>The zone each customer's notifications show times in: <c>Collector:Customers:&lt;name&gt;:TimeZone</c>,
/// else the dashboard's (<c>Collector:Dashboard:TimeZone</c>). Both are validated at start.</summary>
internal sealed class CustomerTimeZones
{
    private readonly Dictionary<string, TimeZoneInfo> _zones = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeZoneInfo _default;

    public CustomerTimeZones(IOptions<CollectorOptions> collector, IOptions<DashboardOptions> dashboard)
    {
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(dashboard);
        _default = TZConvert.TryGetTimeZoneInfo(dashboard.Value.TimeZone.Trim(), out var zone) ? zone : TimeZoneInfo.Utc;
        foreach (var (customer, settings) in CollectorOptions.ValueIfValid(collector)?.Customers ?? [])
        {
            if (!string.IsNullOrWhiteSpace(settings?.TimeZone) && TZConvert.TryGetTimeZoneInfo(settings.TimeZone.Trim(), out var own))
            {
                _zones[customer.Trim()] = own;
            }
        }
    }

    public CustomerTimeZones(TimeZoneInfo fallback) => _default = fallback;

    public TimeZoneInfo Of(string customer) => _zones.GetValueOrDefault(customer?.Trim() ?? "", _default);
}
