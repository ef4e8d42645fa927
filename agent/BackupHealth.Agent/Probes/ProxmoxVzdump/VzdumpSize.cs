using System.Globalization;

namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

/// <summary>Sizes as vzdump prints them (<c>archive file size: 1.87GB</c>): pve-manager's <c>format_size</c> divides by
/// 1024 and prints whole KB/MB or two decimals of GB/TB, so the bytes are approximate.</summary>
internal static class VzdumpSize
{
    public static long? Parse(string text)
    {
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.'))
        {
            split++;
        }

        if (split == 0 || !decimal.TryParse(trimmed[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var unit = trimmed[split..].Trim().ToUpperInvariant().Replace("I", "", StringComparison.Ordinal);
        int? power = unit switch
        {
            "" or "B" => 0,
            "K" or "KB" => 1,
            "M" or "MB" => 2,
            "G" or "GB" => 3,
            "T" or "TB" => 4,
            "P" or "PB" => 5,
            _ => null,
        };
        if (power is not { } p)
        {
            return null;
        }

        var bytes = number;
        for (var i = 0; i < p; i++)
        {
            bytes *= 1024;
        }

        return bytes > long.MaxValue ? null : (long)decimal.Round(bytes);
    }
}
