using BackupHealth.Testing;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Tests.Support;

/// <summary>A logger factory that records errors, so a test can fail on unexpected ones or assert expected ones.</summary>
internal sealed class TestLogging : IDisposable
{
    public TestLogging()
    {
        Factory = LoggerFactory.Create(builder => builder.AddProvider(Errors).SetMinimumLevel(LogLevel.Debug));
    }

    public ErrorLogCollector Errors { get; } = new();

    public ILoggerFactory Factory { get; }

    public ILogger<T> For<T>() => Factory.CreateLogger<T>();

    public void Dispose() => Factory.Dispose();
}
