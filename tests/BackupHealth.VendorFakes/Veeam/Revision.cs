using System.Globalization;

namespace BackupHealth.VendorFakes.Veeam;

/// <summary>Orders REST API revisions such as <c>1.2-rev1</c> by version, then revision.</summary>
internal static class Revision
{
    public static int Compare(string? left, string? right) => Key(left).CompareTo(Key(right));

    private static (int Major, int Minor, int Rev) Key(string? revision)
    {
        var parts = (revision ?? "").Split('.', '-');
        return parts.Length == 3 && parts[2].StartsWith("rev", StringComparison.Ordinal)
            && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var minor)
            && int.TryParse(parts[2][3..], CultureInfo.InvariantCulture, out var rev)
            ? (major, minor, rev)
            : (-1, -1, -1);
    }
}
