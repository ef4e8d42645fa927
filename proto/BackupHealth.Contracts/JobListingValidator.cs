using BackupHealth.Contracts.V1;

namespace BackupHealth.Contracts;

/// <summary>The one definition of a well-formed job listing, shared by the agent (which refuses to report a listing
/// the collector would reject) and the collector. Returns null when valid, else a reason that names the field.</summary>
public static class JobListingValidator
{
    public static string? Validate(JobListing job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return ObservationValidator.CheckText(job.JobKey, "job_key", ObservationLimits.MaxJobKeyLength, required: true)
            ?? ObservationValidator.CheckText(job.JobName, "job_name", ObservationLimits.MaxNameLength, required: false)
            ?? ObservationValidator.CheckText(job.SourceKind, "source_kind", ObservationLimits.MaxNameLength, required: false)
            ?? (job.Attributes.Count > ObservationLimits.MaxAttributes
                ? $"attributes are {job.Attributes.Count}; the limit is {ObservationLimits.MaxAttributes}"
                : null);
    }
}
