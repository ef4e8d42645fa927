namespace BackupHealth.Collector.Expectations;

/// <summary>A job's expectation in the API. Interval and grace read like "1.00:00:00"; times are UTC.</summary>
/// <param name="Source">set, learned or default.</param>
/// <param name="Days">Learned weekdays the job runs on ("mon".."sun"), when it skips some; else null.</param>
/// <param name="LastSuccess">Newest completed run (success or warning).</param>
/// <param name="NextDeadline">When job_missed fires if no completed run comes first; null if a schedule never fires again.</param>
internal sealed record ExpectationDto(
    long JobId,
    TimeSpan? Interval,
    string? Schedule,
    TimeSpan Grace,
    string Source,
    IReadOnlyList<string>? Days,
    string Description,
    DateTime? LastSuccess,
    DateTime? NextDeadline,
    bool Overdue,
    DateTime? UpdatedAt,
    string? UpdatedBy);

/// <summary>Body of <c>PUT /api/v1/jobs/{id}/expectation</c>: an interval ("1.00:00:00", "1d", "12h") or a schedule,
/// an optional grace, and who sets it.</summary>
internal sealed record ExpectationRequest(string? Interval, string? Schedule, string? Grace, string? By);
