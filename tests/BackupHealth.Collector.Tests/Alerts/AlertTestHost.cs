using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Alerts.Api;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Rules;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace BackupHealth.Collector.Tests.Alerts;

/// <summary>A real collector on 127.0.0.1 (ports 0, SQLite in a temp folder, fake time) with the alert room added
/// the way the host adds it — <c>AddAlerts</c> and <c>MapAlertApi</c> on the web surface — plus a fake rule and a
/// substitute notification sink.</summary>
internal sealed class AlertTestHost : IAsyncDisposable
{
    private readonly TempDirectory _data;
    private HttpClient? _http;

    private AlertTestHost(TempDirectory data, WebApplication app, FakeTimeProvider time, ErrorLogCollector errors, FakeRule rule,
        INotificationSink sink)
    {
        _data = data;
        App = app;
        Time = time;
        Errors = errors;
        JobFailed = rule;
        Sink = sink;
        Seed = new StoreSeed(app.Services.GetRequiredService<SqliteConnectionFactory>());
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public ErrorLogCollector Errors { get; }

    public StoreSeed Seed { get; }

    /// <summary>The one rule registered; the test sets its findings.</summary>
    public FakeRule JobFailed { get; }

    public INotificationSink Sink { get; }

    public HttpClient Http => _http ??= new HttpClient { BaseAddress = App.Services.GetRequiredService<CollectorEndpoints>().Web };

    public static async Task<AlertTestHost> StartAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        var data = new TempDirectory("bh-alerts-host");
        try
        {
            var (app, time, errors, rule, sink) = Build(data, configure);
            await app.StartAsync();
            return new AlertTestHost(data, app, time, errors, rule, sink);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>Builds (does not start) the host, for tests of start-up failures.</summary>
    public static (WebApplication App, FakeTimeProvider Time, ErrorLogCollector Errors, FakeRule Rule, INotificationSink Sink) Build(
        TempDirectory data, Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = TestCollector.DefaultSettings(data);

        // Tests evaluate through the API; the schedule stays out of their way unless a test sets it.
        settings["Collector:Alerts:EvaluationInterval"] = "01:00:00";
        configure?.Invoke(settings);
        var time = new FakeTimeProvider(AlertFixture.Start);
        var errors = new ErrorLogCollector();
        var rule = new FakeRule("job_failed");
        var sink = Substitute.For<INotificationSink>();
        var builder = CollectorHost.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(errors);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddAlerts(builder.Configuration);
        builder.Services.AddSingleton<IAlertRule>(rule);
        builder.Services.AddSingleton(sink);
        var app = CollectorHost.Build(builder);
        app.MapGroup("").WithMetadata(new SurfaceMetadata(Surface.Web)).MapAlertApi();
        return (app, time, errors, rule, sink);
    }

    public List<SiteNotification> SentNotifications() => Sink.ReceivedCalls()
        .Where(c => c.GetMethodInfo().Name == nameof(INotificationSink.Enqueue))
        .Select(c => (SiteNotification)c.GetArguments()[2]!)
        .ToList();

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _data.Dispose();
        Errors.AssertNone();
    }
}
