using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Connections;
using BackupHealth.Collector.Tests.Alerts;
using BackupHealth.Collector.Tests.Support;

namespace BackupHealth.Collector.Tests.StoreContract;

/// <summary><see cref="IContractSeed"/> on SQLite, by SQL.</summary>
internal sealed class SqliteContractSeed(SqliteConnectionFactory connections) : IContractSeed
{
    private readonly StoreSeed _seed = new(connections);
    private int _agents;

    public long AddJob(long siteId, string name)
    {
        var agent = _seed.AddAgent(siteId, $"contract-agent-{++_agents}", TestCollector.StartTime);
        return _seed.AddJob(agent, name, name);
    }

    public void AddRun(long jobId, string status, DateTimeOffset end, bool willRetry = false, string message = "done",
        string verification = "passed", bool superseded = false)
    {
        _seed.AddRun(jobId, status, end, willRetry: willRetry, message: message, verification: verification);
        if (superseded)
        {
            _seed.Execute("UPDATE observations SET superseded = 1 WHERE id = (SELECT max(id) FROM observations)");
        }
    }

    public void SeeVm(long siteId, string itemId) =>
        _seed.Execute("INSERT INTO inventory_first_seen (site_id, item_id, first_seen) VALUES ($p0, $p1, $p2)",
            siteId, itemId, TestCollector.StartTime.ToUnixTimeMilliseconds());
}
