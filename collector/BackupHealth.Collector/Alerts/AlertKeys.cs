using System.Globalization;

namespace BackupHealth.Collector.Alerts;

/// <summary>The key receivers (tickets, PSA) use to tie notifications together: <c>bh-&lt;alert id&gt;</c>. It is
/// stable for the alert's whole life and unique per alert. It is not built from (rule, subject) on purpose: a
/// condition that returns after its alert resolved is a new alert, and should open a new ticket rather than reopen
/// a closed one.</summary>
internal static class AlertKeys
{
    public const string Prefix = "bh-";

    public static string Of(long alertId) => Prefix + alertId.ToString(CultureInfo.InvariantCulture);
}
