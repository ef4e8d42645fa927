using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

/// <summary>The job list of a vzdump probe. Its runs are per guest (<c>&lt;probe&gt;/vzdump/&lt;vmid&gt;</c>: a task log
/// does not name the backup job), so its jobs are too: every guest a backup job covers is listed under that key, enabled
/// when an enabled backup job covers it, with the schedule of the backup job(s) that back it up when it can be written
/// exactly (one schedule, see <see cref="CalendarEventSchedule"/>) and the earliest next run PVE names.</summary>
internal static class VzdumpJobListings
{
    /// <param name="zoneOf">The zone id to state for a node's local time, null when unknown.</param>
    /// <param name="inScope">Whether the probe reads the runs of a node's guests; others are not listed.</param>
    public static List<JobListing> Build(
        string probeName, string sourceKind, IReadOnlyList<VzdumpBackupJob> jobs, IReadOnlyCollection<VzdumpGuest> guests,
        Func<string, string?> zoneOf, Func<string, bool> inScope)
    {
        var jobsByGuest = new Dictionary<VzdumpGuest, List<VzdumpBackupJob>>();
        foreach (var job in jobs)
        {
            foreach (var guest in job.Covers(guests).Where(g => inScope(g.Node)))
            {
                (jobsByGuest.TryGetValue(guest, out var list) ? list : jobsByGuest[guest] = []).Add(job);
            }
        }

        return jobsByGuest.OrderBy(p => p.Key.Vmid, StringComparer.Ordinal).Select(p => Listing(probeName, sourceKind, p.Key, p.Value, zoneOf)).ToList();
    }

    private static JobListing Listing(string probeName, string sourceKind, VzdumpGuest guest, List<VzdumpBackupJob> jobs, Func<string, string?> zoneOf)
    {
        var running = jobs.Where(j => j.Enabled).ToList();
        var listing = new JobListing
        {
            JobKey = $"{probeName}/vzdump/{guest.Vmid}",
            JobName = $"Backup of VM {guest.Vmid}",
            SourceKind = sourceKind,
            Enabled = running.Count > 0,
        };
        listing.Attributes["vmid"] = guest.Vmid;
        listing.Attributes["node"] = guest.Node;
        Put(listing, "backup_jobs", string.Join(',', jobs.Select(j => j.Id)));
        Put(listing, "vendor_schedule", string.Join("; ", running.Select(j => j.Schedule ?? "").Distinct(StringComparer.Ordinal)));

        // Two jobs with different schedules back the guest up at either: no one schedule says that exactly.
        var zone = zoneOf(guest.Node);
        var schedules = running.Select(j => CalendarEventSchedule.ToSchedule(j.Schedule, zone)).Distinct(StringComparer.Ordinal).ToList();
        if (schedules is [{ } schedule])
        {
            listing.Attributes[StatedScheduleAttributes.Schedule] = schedule;
        }

        if (running.Select(j => j.NextRun).Where(n => n is not null).Min() is { } next)
        {
            listing.NextRun = Timestamp.FromDateTimeOffset(next);
        }

        return listing;
    }

    private static void Put(JobListing listing, string key, string value)
    {
        if (value.Length > 0)
        {
            listing.Attributes[key] = value.Length <= ObservationLimits.MaxAttributeValueLength ? value : value[..ObservationLimits.MaxAttributeValueLength];
        }
    }
}
