using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Support;

/// <summary>A <see cref="FakeTimeProvider"/> that counts the timers created on it, so a test can wait until the code
/// under test is actually waiting (has created its delay) before advancing time.</summary>
internal sealed class TimerCountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _timersCreated;

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timersCreated);
        return base.CreateTimer(callback, state, dueTime, period);
    }
}
