namespace BackupHealth.Collector.Expectations;

/// <summary>Turns a PUT body into a setting, or says what is wrong with it in words a technician can act on.</summary>
internal static class ExpectationRequestValidator
{
    public const int MaxByLength = 200;
    public static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(366);
    public static readonly TimeSpan MaxGrace = TimeSpan.FromDays(31);

    public static bool TryValidate(ExpectationRequest? request, out ExpectationSetting setting, out string by, out string error)
    {
        setting = null!;
        by = request?.By?.Trim() ?? "";
        if (request is null)
        {
            error = "a JSON body is required: {\"interval\": \"1.00:00:00\" | \"schedule\": \"weekdays 22:00 Europe/Amsterdam\", \"grace\": \"02:00:00\", \"by\": \"name\"}";
            return false;
        }

        if (by.Length == 0 || by.Length > MaxByLength || by.Any(char.IsControl))
        {
            error = $"by: who sets the expectation is required (at most {MaxByLength} characters)";
            return false;
        }

        var hasInterval = !string.IsNullOrWhiteSpace(request.Interval);
        var hasSchedule = !string.IsNullOrWhiteSpace(request.Schedule);
        if (hasInterval == hasSchedule)
        {
            error = "give either interval (e.g. \"1.00:00:00\" or \"1d\") or schedule (e.g. \"weekdays 22:00 Europe/Amsterdam\"), not both";
            return false;
        }

        TimeSpan? grace = null;
        if (request.Grace is not null)
        {
            if (!DurationText.TryParse(request.Grace, out var g) || g < TimeSpan.Zero || g > MaxGrace)
            {
                error = $"grace: '{request.Grace}' is not a duration between 0 and 31 days (e.g. \"02:00:00\" or \"2h\")";
                return false;
            }

            grace = g;
        }

        if (hasInterval)
        {
            if (!DurationText.TryParse(request.Interval, out var interval) || interval < MinInterval || interval > MaxInterval)
            {
                error = $"interval: '{request.Interval}' is not a duration between 1 minute and 366 days (e.g. \"1.00:00:00\" or \"1d\")";
                return false;
            }

            setting = new ExpectationSetting(interval, null, grace);
            error = "";
            return true;
        }

        if (!ScheduleParser.TryParse(request.Schedule, out var schedule, out var scheduleError))
        {
            error = $"schedule: {scheduleError}";
            return false;
        }

        setting = new ExpectationSetting(null, schedule!.Text, grace);
        error = "";
        return true;
    }
}
