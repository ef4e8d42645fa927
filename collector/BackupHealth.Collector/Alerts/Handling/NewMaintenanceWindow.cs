using System.Text.Json;
using BackupHealth.Collector.Alerts.Muting;

namespace BackupHealth.Collector.Alerts.Handling;

/// <summary>A checked <see cref="MaintenanceWindowRequest"/>: either <see cref="Recurring"/>, or
/// <see cref="StartsAt"/> to <see cref="EndsAt"/>. The site is looked up when it is stored.</summary>
internal sealed record NewMaintenanceWindow(
    string Customer,
    string Site,
    RecurringWindow? Recurring,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string Comment,
    string By)
{
    /// <summary>Null with a reason when the request cannot become a window.</summary>
    public static NewMaintenanceWindow? From(MaintenanceWindowRequest request, DateTimeOffset now, out string error)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RequestText.TryName("by", request.By, out var by, out error)
            || !RequestText.TryComment(request.Comment, required: false, out var comment, out error)
            || !RequestText.TryName("customer", request.Customer, out var customer, out error)
            || !RequestText.TryName("site", request.Site, out var site, out error))
        {
            return null;
        }

        var recurring = request.Days is not null || request.Start is not null || request.Duration is not null || request.TimeZone is not null;
        var once = request.StartsAt is not null || request.EndsAt is not null;
        if (recurring == once)
        {
            error = "give either days, start, duration and timeZone (recurring) or startsAt and endsAt (once)";
            return null;
        }

        if (once)
        {
            error = request.StartsAt is null ? "startsAt is required"
                : request.EndsAt is null ? "endsAt is required"
                : request.EndsAt <= request.StartsAt ? "endsAt must be after startsAt"
                : request.EndsAt <= now ? "endsAt is in the past"
                : "";
            return error.Length > 0 ? null : new NewMaintenanceWindow(customer, site, null, request.StartsAt, request.EndsAt, comment, by);
        }

        var window = ParseRecurring(request, out error);
        return window is null ? null : new NewMaintenanceWindow(customer, site, window, null, null, comment, by);
    }

    private static RecurringWindow? ParseRecurring(MaintenanceWindowRequest request, out string error)
    {
        if (!TryDayNames(request.Days, out var names))
        {
            error = "days must be \"daily\" or a list of day names such as [\"sat\", \"sun\"]";
            return null;
        }

        if (!WeekDays.TryParse(names, out var days, out error))
        {
            return null;
        }

        if (!RecurringWindow.TryParseStart(request.Start, out var start))
        {
            error = "start must be a time of day HH:mm, e.g. 22:00";
            return null;
        }

        if (!RecurringWindow.TryParseDuration(request.Duration, out var duration))
        {
            error = "duration must be hh:mm (or d.hh:mm), more than zero and at most 7 days, e.g. 04:00";
            return null;
        }

        if (!RecurringWindow.TryFindZone(request.TimeZone, out var zone))
        {
            error = $"timeZone '{request.TimeZone}' is not a known time zone: use an IANA id such as Europe/Amsterdam";
            return null;
        }

        return new RecurringWindow(days, start, duration, zone);
    }

    private static bool TryDayNames(JsonElement? days, out List<string> names)
    {
        names = [];
        switch (days?.ValueKind)
        {
            case JsonValueKind.String:
                names.Add(days.Value.GetString()!);
                return true;
            case JsonValueKind.Array:
                foreach (var day in days.Value.EnumerateArray())
                {
                    if (day.ValueKind != JsonValueKind.String)
                    {
                        return false;
                    }

                    names.Add(day.GetString()!);
                }

                return true;
            default:
                return false;
        }
    }
}
