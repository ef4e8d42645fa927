namespace BackupHealth.Collector.Store.Sqlite;

/// <summary>The file, folder or archive a run wrote, as the probes put it in the run's attributes (<c>path</c>: the
/// files, XVA and Hyper-V export probes; <c>archive</c>: vzdump and borg): what the alerts and the job page name so
/// a person can go straight to it.</summary>
internal static class RunLocation
{
    /// <summary>An SQL expression over <c>observations.attributes</c>: the location, or NULL when the run has none.</summary>
    public const string Sql = "coalesce(json_extract(attributes, '$.path'), json_extract(attributes, '$.archive'))";
}
