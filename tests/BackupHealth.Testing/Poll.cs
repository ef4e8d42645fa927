namespace BackupHealth.Testing;

/// <summary>Waits for a condition that real I/O or another thread will make true, checking often and giving up after a
/// generous deadline. The assertion is the condition, never the wait.</summary>
public static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {timeout ?? DefaultTimeout} waiting until {what}");
            }

            await Task.Delay(10);
        }
    }
}
