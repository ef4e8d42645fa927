using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Testing;

/// <summary>Records every log entry at Error or above so a test can fail when something unexpected was logged
/// (grpc-dotnet's VerifyNoErrorsScope idea). Add it with <c>logging.AddProvider(collector)</c>.</summary>
public sealed class ErrorLogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _expectedLogged = new();

    public IReadOnlyCollection<string> Errors => _errors.ToArray();

    /// <summary>The expected errors that were logged, so a test can assert that an operator was told.</summary>
    public IReadOnlyCollection<string> ExpectedLogged => _expectedLogged.ToArray();

    /// <summary>Log categories whose errors are expected in this test, e.g. a probe that is meant to fail.</summary>
    public ConcurrentBag<Func<string, string, bool>> Expected { get; } = [];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AssertNone()
    {
        var errors = Errors;
        if (errors.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("Unexpected errors were logged:\n" + string.Join("\n", errors));
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(ErrorLogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel < LogLevel.Error)
            {
                return;
            }

            var message = formatter(state, exception);
            if (owner.Expected.Any(e => e(category, message)))
            {
                owner._expectedLogged.Enqueue(message);
                return;
            }

            owner._errors.Enqueue($"[{logLevel}] {category}: {message}{(exception is null ? "" : " " + exception)}");
        }
    }
}
