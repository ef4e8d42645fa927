using BackupHealth.Collector.Model;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Store;

/// <summary>How many new runs (observations not stored before) a batch added, by status; filled by the writer.</summary>
internal sealed class InsertedRuns
{
    private static readonly RunStatus[] Statuses = [RunStatus.Success, RunStatus.Warning, RunStatus.Failed, RunStatus.Running];

    private readonly int[] _byStatus = new int[Statuses.Length + 1];

    public int Total { get; private set; }

    public void Add(RunStatus status)
    {
        _byStatus[(int)status]++;
        Total++;
    }

    public IEnumerable<(string Status, int Count)> ByStatus() =>
        Statuses.Select(s => (StatusNames.Of(s), _byStatus[(int)s]));
}
