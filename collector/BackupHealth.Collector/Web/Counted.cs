using System.Globalization;

namespace BackupHealth.Collector.Web;

/// <summary>A count with its noun in the right number: "1 site", "2 sites", "0 jobs".</summary>
internal static class Counted
{
    /// <param name="noun">The singular; the plural adds an "s" unless <paramref name="plural"/> says otherwise.</param>
    public static string Of(int count, string noun, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? noun : plural ?? noun + "s")}");
}
