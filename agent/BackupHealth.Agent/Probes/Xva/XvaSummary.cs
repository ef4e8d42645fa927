using System.Globalization;

namespace BackupHealth.Agent.Probes.Xva;

internal static class XvaSummary
{
    public static string Format(XvaVerification v)
    {
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"{Count(v.Disks.Count, v.Passed ? "disk" : "complete disk")}, {Count(v.Chunks, "chunk")}{Algorithm(v)}, {Bytes(v.BytesVerified)} verified, {Bytes(v.BytesRead)} read ({v.Compression})");
        var vm = v.VmName.Length > 0 ? $"VM {v.VmName}: " : "";
        return v.Passed ? $"{vm}{figures}" : $"{vm}{v.Reason} [{figures}]";
    }

    /// <summary>Binary units as the figures of disks are read: 1.5 GiB, 512.0 KiB, 17 B.</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:F1} {units[unit]}");
    }

    private static string Algorithm(XvaVerification v) => v.HashAlgorithm.Length > 0 ? $" ({v.HashAlgorithm})" : "";

    private static string Count(long count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");
}
