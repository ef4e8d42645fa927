namespace BackupHealth.Agent.Tests.Support;

/// <summary>A Random whose NextDouble is always the given value, for exact jitter in tests.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
}
