namespace BackupHealth.Collector.Tests.Support;

/// <summary>Waits for something that happens on real I/O (a commit after a stream ended, say) by checking a
/// condition until a generous deadline — never a fixed sleep as the assertion.</summary>
internal static class Poll
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {Deadline.TotalSeconds} s waiting until {what}.");
            }

            await Task.Delay(20);
        }
    }
}
