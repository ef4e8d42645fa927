using System.Globalization;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Check;

/// <summary>The summary line, then one row per job (its newest observation) or probe error: what a technician reads
/// on site.</summary>
internal static class CheckTableWriter
{
    private static readonly string[] Header = ["PROBE", "JOB", "STATUS", "TIME (UTC)", "SIZE", "RUNS", "MESSAGE"];

    public static void Write(TextWriter output, CheckReport report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        output.WriteLine(report.Summary);
        var rows = new List<string[]> { Header };
        foreach (var probe in report.Probes)
        {
            if (probe.Result.State != ProbeState.Ok)
            {
                rows.Add([probe.Name, "-", "ERROR", "-", "-", "-", probe.Result.Message]);
            }

            rows.AddRange(report.Jobs.Where(j => ReferenceEquals(j.Probe, probe)).Select(Row));
        }

        var widths = Enumerable.Range(0, Header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            // The last column is not padded: messages are long and trailing spaces only get in the way.
            var cells = row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    private static string[] Row(CheckedJob job) =>
    [
        job.ProbeName,
        job.JobName,
        RunStatusText.Of(job.Current.Status),
        job.Time is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-",
        job.Current.SizeBytes > 0 ? SizeText(job.Current.SizeBytes) : "-",
        job.Runs.ToString(CultureInfo.InvariantCulture),
        job.Current.Message.ReplaceLineEndings(" "),
    ];

    private static string SizeText(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
