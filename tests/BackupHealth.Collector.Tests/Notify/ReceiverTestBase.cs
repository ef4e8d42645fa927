using System.Text.Json;
using BackupHealth.Collector.Notify;
using BackupHealth.Testing;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>A real HTTP receiver on 127.0.0.1 and a notifier over a fresh data folder: the base of tests that look at
/// what the HTTP channels post.</summary>
public abstract class ReceiverTestBase : IAsyncLifetime
{
    private readonly TempDirectory _data = new("bh-notify");

    internal HttpReceiver Receiver { get; private set; } = null!;

    internal TempDirectory Data => _data;

    public async Task InitializeAsync() => Receiver = await HttpReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await Receiver.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>One channel of <paramref name="type"/> named after it, posting to <c>/&lt;type&gt;</c> and routed every
    /// alert; <paramref name="more"/> adds to the settings (a secret, Collector:PublicUrl, another channel).</summary>
    internal NotifyHarness Harness(string type, Func<NotifySettings, NotifySettings>? more = null, params string[] otherChannels)
    {
        var settings = new NotifySettings().Webhook(type, Receiver.Url(type), type);
        settings = more?.Invoke(settings) ?? settings;
        return new NotifyHarness(_data, settings.Route("*", "Warning", [type, .. otherChannels]));
    }

    /// <summary>Enqueues and sends <paramref name="notification"/>; the body the receiver got on <c>/&lt;path&gt;</c>.</summary>
    internal async Task<JsonElement> SendAsync(NotifyHarness harness, SiteNotification notification, string path)
    {
        harness.Enqueue(notification);
        await harness.PassAsync();
        return Json(Received(path));
    }

    /// <summary>The last request received on <c>/&lt;path&gt;</c>.</summary>
    internal ReceivedRequest Received(string path) => Receiver.Requests.Last(r => r.Path == "/" + path);

    internal static JsonElement Json(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement.Clone();
}
