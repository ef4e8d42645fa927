namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

/// <summary>One vzdump task as the task index (or the PVE API's task list) gives it.</summary>
/// <param name="End">Null while the task runs.</param>
/// <param name="Status">The index's status text: <c>OK</c>, <c>WARNINGS: 2</c>, or the error (<c>job errors</c>);
/// null while the task runs.</param>
internal sealed record VzdumpTask(Upid Upid, DateTimeOffset? End, string? Status)
{
    public bool IsRunning => End is null;
}
