using System.Diagnostics;

namespace BackupHealth.IntegrationTests;

/// <summary>Waits for a condition that real processes and sockets bring about, with a generous deadline. The
/// deadline only bounds a broken run; a passing run returns as soon as the condition holds.</summary>
internal static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null, Func<string>? diagnostics = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        T value;
        while (!done(value = await read()))
        {
            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:F0} s waiting for {what}; last value: {value}\n{diagnostics?.Invoke()}");
            }

            await Task.Delay(20);
        }

        return value;
    }
}
