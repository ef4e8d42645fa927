namespace BackupHealth.Collector.Health;

/// <summary>A site's health, worst first: the enum order is the overview's sort order.</summary>
internal enum SiteHealth
{
    /// <summary>A job failed or missed its expectation.</summary>
    Failing = 0,

    /// <summary>No agent of the site is heard from (or none ever connected): nothing there is being watched.</summary>
    Silent = 1,

    /// <summary>A job has a warning or is disabled, or some (not all) of the site's agents are silent.</summary>
    Warning = 2,

    /// <summary>Every job fine and every agent heard from.</summary>
    Healthy = 3,
}
