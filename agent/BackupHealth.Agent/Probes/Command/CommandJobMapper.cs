using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Agent.Probes.Command;

/// <summary>Turns the jobs a script lists in <see cref="CommandOutputMode.Json"/> mode into job listings, or says
/// what is wrong with one (the text follows the element's name in the probe error).</summary>
internal static class CommandJobMapper
{
    public static (JobListing? Listing, string? Problem) ToListing(string probeName, CommandJsonJob? job)
    {
        if (job is null)
        {
            return (null, "is null");
        }

        if (string.IsNullOrWhiteSpace(job.JobName))
        {
            return (null, "jobName is missing");
        }

        var listing = new JobListing
        {
            JobKey = CommandRunMapper.JobKey(probeName, job.JobKey, job.JobName),
            JobName = job.JobName,
            SourceKind = CommandProbe.SourceKind,
            Enabled = job.Enabled ?? true,
        };
        if (job.NextRun is not null)
        {
            if (!CommandJsonTime.TryParse(job.NextRun, out var next, out var nextProblem))
            {
                return (null, $"nextRun {nextProblem}");
            }

            listing.NextRun = Timestamp.FromDateTimeOffset(next);
        }

        var problem = Stated(listing, StatedScheduleAttributes.Schedule, job.Schedule)
            ?? Stated(listing, StatedScheduleAttributes.Interval, job.Interval)
            ?? (job.Interval is { } interval && !IntervalText.IsValid(interval)
                ? $"interval '{interval}' is not a duration like 4h, 1d, 90m or 1d12h"
                : null)
            ?? JobListingValidator.Validate(listing);
        return problem is null ? (listing, null) : (null, problem);
    }

    /// <summary>The one job of a probe in <see cref="CommandOutputMode.Plugin"/> mode: every execution is a run of
    /// it, judged every <see cref="ProbeOptions.Interval"/>.</summary>
    public static JobListing ForPlugin(CommandProbeOptions options)
    {
        var listing = new JobListing
        {
            JobKey = options.Name,
            JobName = options.JobName.Length > 0 ? options.JobName : options.Name,
            SourceKind = CommandProbe.SourceKind,
            Enabled = true,
        };
        listing.Attributes[StatedScheduleAttributes.Interval] = IntervalText.Format(options.Interval);
        return listing;
    }

    private static string? Stated(JobListing listing, string member, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return $"{member} is empty";
        }

        if (value.Length > StatedScheduleAttributes.MaxLength)
        {
            return $"{member} is {value.Length} characters long; the limit is {StatedScheduleAttributes.MaxLength}";
        }

        if (value.Any(char.IsControl))
        {
            return $"{member} contains control characters";
        }

        listing.Attributes[member] = value.Trim();
        return null;
    }
}
