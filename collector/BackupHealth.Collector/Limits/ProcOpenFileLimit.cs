using System.Globalization;

namespace BackupHealth.Collector.Limits;

/// <summary>Reads the soft open-file limit from <c>/proc/self/limits</c> ("Max open files  SOFT  HARD  files"). The .NET
/// runtime raises the soft limit to the hard one as it starts, so this is the limit the collector really has.</summary>
internal sealed class ProcOpenFileLimit : IOpenFileLimit
{
    private const string LimitsFile = "/proc/self/limits";
    private const string Row = "Max open files";

    public long? Read() => OperatingSystem.IsLinux() && File.Exists(LimitsFile) ? Parse(File.ReadAllLines(LimitsFile)) : null;

    internal static long? Parse(IEnumerable<string> lines)
    {
        var row = lines.FirstOrDefault(line => line.StartsWith(Row, StringComparison.Ordinal));
        var soft = row?[Row.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : null;
    }
}
