using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

public sealed class NotificationRouterTests
{
    private static readonly IReadOnlySet<string> Nowhere = new HashSet<string>();

    // The example of docs/notifications.md.
    private static NotificationRouter Router() => new(new NotifyOptions
    {
        Channels =
        [
            new ChannelOptions { Name = "noc-mail", Type = "email" },
            new ChannelOptions { Name = "psa", Type = "webhook" },
            new ChannelOptions { Name = "chat", Type = "slack" },
            new ChannelOptions { Name = "oncall", Type = "teams" },
        ],
        Routes =
        [
            new RouteOptions { Customer = "*", Channels = ["noc-mail", "psa"], MinSeverity = "Warning" },
            new RouteOptions { Customer = "*", Channels = ["oncall"], MinSeverity = "Critical" },
            new RouteOptions { Customer = "contoso ltd", Channels = ["chat"], MinSeverity = "Critical" },
            new RouteOptions { Customer = "Contoso Ltd", Channels = ["PSA"], MinSeverity = "Warning" },
        ],
    });

    private static Dictionary<string, long[]> Routed(IReadOnlyList<RoutedNotification> routed) =>
        routed.ToDictionary(r => r.Channel, r => r.Notification.Changes.Select(c => c.AlertId).ToArray());

    [Fact]
    public void Customer_without_routes_of_its_own_uses_the_default_routes_by_severity()
    {
        var routed = Router().Route(Fabrikam(2, Change(1, AlertSeverity.Warning), Change(2, AlertSeverity.Critical)), _ => Nowhere);

        Assert.Equal(new Dictionary<string, long[]> { ["noc-mail"] = [1, 2], ["psa"] = [1, 2], ["oncall"] = [2] }, Routed(routed));
    }

    [Fact]
    public void Customer_routes_replace_the_defaults_matching_names_case_insensitively()
    {
        var routed = Router().Route(Contoso(1, Change(1, AlertSeverity.Warning), Change(2, AlertSeverity.Critical)), _ => Nowhere);

        Assert.Equal(new Dictionary<string, long[]> { ["psa"] = [1, 2], ["chat"] = [2] }, Routed(routed));
    }

    [Fact]
    public void An_acknowledgement_goes_to_the_channels_told_of_the_alert_whose_routes_want_acknowledgements()
    {
        var router = new NotificationRouter(new NotifyOptions
        {
            Channels =
            [
                new ChannelOptions { Name = "noc-mail", Type = "email" },
                new ChannelOptions { Name = "psa", Type = "webhook" },
                new ChannelOptions { Name = "pager", Type = "webhook" },
            ],
            Routes =
            [
                new RouteOptions { Customer = "*", Channels = ["noc-mail", "psa"] },
                new RouteOptions { Customer = "*", Channels = ["pager"], Acknowledgements = false },
            ],
        });
        IReadOnlySet<string> toldAll = new HashSet<string> { "noc-mail", "pager" };

        var routed = router.Route(Fabrikam(2, Change(1, kind: AlertChangeKind.Acknowledged)), _ => toldAll);

        // psa was never told of alert 1; pager was, but its route does not want acknowledgements.
        Assert.Equal(new Dictionary<string, long[]> { ["noc-mail"] = [1] }, Routed(routed));
    }

    [Fact]
    public void Channel_with_nothing_at_its_severity_gets_nothing()
    {
        var routed = Router().Route(Contoso(1, Change(1, AlertSeverity.Warning)), _ => Nowhere);

        Assert.Equal(["psa"], routed.Select(r => r.Channel));
    }

    [Fact]
    public void Lowest_min_severity_of_routes_naming_a_channel_counts()
    {
        var router = new NotificationRouter(new NotifyOptions
        {
            Channels = [new ChannelOptions { Name = "psa", Type = "webhook" }],
            Routes =
            [
                new RouteOptions { Customer = "*", Channels = ["psa"], MinSeverity = "Critical" },
                new RouteOptions { Customer = "*", Channels = ["psa"], MinSeverity = "warning" },
            ],
        });

        Assert.Single(router.Route(Fabrikam(2, Change(1, AlertSeverity.Warning)), _ => Nowhere));
    }

    [Fact]
    public void Resolved_goes_where_the_alert_was_sent_before_regardless_of_routes()
    {
        var before = new Dictionary<long, IReadOnlySet<string>> { [1] = new HashSet<string>(["oncall", "noc-mail"]) };

        var routed = Router().Route(Contoso(1, Change(1, AlertSeverity.Warning, AlertChangeKind.Resolved)), id => before.GetValueOrDefault(id, Nowhere));

        Assert.Equal(new Dictionary<string, long[]> { ["noc-mail"] = [1], ["oncall"] = [1] }, Routed(routed));
    }

    [Fact]
    public void Resolved_alert_nobody_was_told_of_goes_nowhere()
    {
        Assert.Empty(Router().Route(Fabrikam(2, Change(1, AlertSeverity.Critical, AlertChangeKind.Resolved)), _ => Nowhere));
    }

    [Fact]
    public void Fired_and_resolved_in_one_notification_go_together()
    {
        var routed = Router().Route(Fabrikam(2,
            Change(1, AlertSeverity.Critical, AlertChangeKind.Fired), Change(1, AlertSeverity.Critical, AlertChangeKind.Resolved)), _ => Nowhere);

        Assert.All(routed, r => Assert.Equal(2, r.Notification.Changes.Count));
        Assert.Equal(["noc-mail", "psa", "oncall"], routed.Select(r => r.Channel));
    }

    [Fact]
    public void Repeated_and_released_follow_the_routes_like_fired()
    {
        var routed = Router().Route(Fabrikam(2,
            Change(1, AlertSeverity.Warning, AlertChangeKind.Repeated), Change(2, AlertSeverity.Critical, AlertChangeKind.Released)), _ => Nowhere);

        Assert.Equal(new Dictionary<string, long[]> { ["noc-mail"] = [1, 2], ["psa"] = [1, 2], ["oncall"] = [2] }, Routed(routed));
    }
}
