using BackupHealth.Collector.Host;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Rules;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Connections;
using BackupHealth.Collector.Tests.Notify;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Collector.Tests.Alerts;

/// <summary>A real collector on 127.0.0.1 (ports 0, SQLite in a temp folder, fake time) with one fake rule, whose
/// notifications go through the real notifier to a webhook receiver on 127.0.0.1 (every customer, every severity).</summary>
internal sealed class AlertTestHost : IAsyncDisposable
{
    private readonly TempDirectory _data;
    private HttpClient? _http;

    private AlertTestHost(TempDirectory data, HttpReceiver receiver, WebApplication app, FakeTimeProvider time, ErrorLogCollector errors, FakeRule rule)
    {
        _data = data;
        Receiver = receiver;
        App = app;
        Time = time;
        Errors = errors;
        JobFailed = rule;
        Seed = new StoreSeed(app.Services.GetRequiredService<SqliteConnectionFactory>());
    }

    public WebApplication App { get; }

    public HttpReceiver Receiver { get; }

    public FakeTimeProvider Time { get; }

    public ErrorLogCollector Errors { get; }

    public StoreSeed Seed { get; }

    /// <summary>The one rule registered; the test sets its findings.</summary>
    public FakeRule JobFailed { get; }

    /// <summary>The web surface as the admin (an API token of theirs).</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("not started");

    public static async Task<AlertTestHost> StartAsync()
    {
        var data = new TempDirectory("bh-alerts-host");
        var receiver = await HttpReceiver.StartAsync();
        try
        {
            var notify = new NotifySettings().Webhook("psa", receiver.Url("hook")).Route("*", "Warning", "psa");
            var (app, time, errors, rule) = Build(data, notify.ApplyTo);
            await app.StartAsync();
            var host = new AlertTestHost(data, receiver, app, time, errors, rule);
            host._http = await WebUsers.ClientAsync(app.Services, app.Services.GetRequiredService<CollectorEndpoints>().Web);
            return host;
        }
        catch
        {
            await receiver.DisposeAsync();
            data.Dispose();
            throw;
        }
    }

    /// <summary>Builds (does not start) the host, e.g. for tests of start-up failures.</summary>
    public static (WebApplication App, FakeTimeProvider Time, ErrorLogCollector Errors, FakeRule Rule) Build(
        TempDirectory data, Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = TestCollector.DefaultSettings(data);

        // Tests evaluate through the API; the schedule stays out of their way.
        settings["Collector:Alerts:EvaluationInterval"] = "01:00:00";
        configure?.Invoke(settings);
        var time = new FakeTimeProvider(AlertFixture.Start);
        var errors = new ErrorLogCollector();
        var rule = new FakeRule("job_failed");
        var builder = CollectorHost.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(errors);
        builder.Services.AddSingleton<TimeProvider>(time);
        return (CollectorHost.Build(builder, ShippedStores.All, services =>
        {
            services.RemoveAll<IAlertRule>();
            services.AddSingleton<IAlertRule>(rule);
        }), time, errors, rule);
    }

    /// <summary>(alert id, change) of every alert change the notifier stored, in order. The evaluator stores them
    /// in its own transaction, so they are there as soon as an evaluation returns.</summary>
    public List<(long AlertId, string Change)> NotifiedChanges() => Seed.Query(
        "SELECT alert_id, change FROM notification_alerts ORDER BY notification_id, alert_id",
        r => (r.GetInt64(0), r.GetString(1)));

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Receiver.DisposeAsync();
        _data.Dispose();
        Errors.AssertNone();
    }
}
