namespace BackupHealth.Collector.Health;

/// <summary>The one definition of a site's health, from its jobs' health and its agents.</summary>
internal static class SiteHealthJudge
{
    /// <summary>Failing when a job failed, is corrupt or missed, even if the agents then went quiet (what was seen last still
    /// stands); else silent when the site has no agent that is heard from — also when no agent ever connected, since
    /// then nothing at the site is watched; else warning for a warning or disabled job or some silent agents; else
    /// healthy.</summary>
    public static SiteHealth Judge(JobCounts jobs, int agents, int silentAgents)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (jobs.Failed + jobs.Corrupt + jobs.Missed > 0)
        {
            return SiteHealth.Failing;
        }

        if (agents == 0 || silentAgents == agents)
        {
            return SiteHealth.Silent;
        }

        return jobs.Warning + jobs.Disabled > 0 || silentAgents > 0 ? SiteHealth.Warning : SiteHealth.Healthy;
    }
}
