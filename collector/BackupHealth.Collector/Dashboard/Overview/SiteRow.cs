namespace BackupHealth.Collector.Dashboard.Overview;

/// <summary>A site and its customer, as the overview and the status grid read them.</summary>
internal sealed record SiteRow(long Id, long CustomerId, string Customer, string Name);
