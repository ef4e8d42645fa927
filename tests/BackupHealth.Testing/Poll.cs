using System.Diagnostics;

namespace BackupHealth.Testing;

/// <summary>Waits for a condition that real I/O or another thread will make true, checking often and giving up after a
/// generous deadline. The assertion is the condition, never the wait: a passing run returns as soon as it holds.</summary>
public static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), what, timeout);
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        await UntilAsync(condition, done => done, what, timeout);
    }

    /// <summary>Reads a value until <paramref name="done"/> accepts it, and returns it.</summary>
    /// <param name="diagnostics">Extra text for the failure message, e.g. a child process's output.</param>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null, Func<string>? diagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        T value;
        while (!done(value = await read()))
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:F0} s waiting until {what}; last value: {value}\n{diagnostics?.Invoke()}");
            }

            await Task.Delay(10);
        }

        return value;
    }
}
