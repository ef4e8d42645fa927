using BackupHealth.Collector.Model;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Notify;

/// <summary>Decides which channel gets which changes of a site notification. Pure, given what was sent before.
/// <list type="bullet">
/// <item>The routes of a customer are the routes naming it (case-insensitively); only a customer without any uses
/// the <c>"*"</c> routes. So a customer's own routes replace the defaults, they do not add to them.</item>
/// <item>A fired, repeated or released change goes to a channel when its severity is at least the MinSeverity of a
/// route (of that customer) listing the channel; several such routes: the lowest MinSeverity counts.</item>
/// <item>A resolved change goes to exactly the channels that were told of the alert before, whatever the routes say
/// now, so whoever opened a ticket can close it; an alert nobody was told of resolves silently.</item>
/// <item>An acknowledged change goes to the channels told of the alert before whose routes (of that customer) have
/// <c>Acknowledgements</c> on (the default).</item>
/// </list></summary>
internal sealed class NotificationRouter
{
    private readonly List<string> _channels;
    private readonly List<RouteOptions> _routes;

    public NotificationRouter(IOptions<NotifyOptions> options)
        : this(options.Value)
    {
    }

    public NotificationRouter(NotifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _channels = [.. options.Channels.Select(c => c.Name)];
        _routes = options.Routes;
    }

    /// <param name="notifiedChannels">The channels an alert (by id) was sent to before.</param>
    /// <returns>One entry per channel with something to send, in the order the channels are configured.</returns>
    public IReadOnlyList<RoutedNotification> Route(SiteNotification notification, Func<long, IReadOnlySet<string>> notifiedChannels)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(notifiedChannels);
        var thresholds = ThresholdsFor(notification.Customer);
        var acknowledging = AcknowledgingFor(notification.Customer);
        var routed = new List<RoutedNotification>();
        foreach (var channel in _channels)
        {
            var changes = notification.Changes.Where(change => change.Kind switch
                {
                    AlertChangeKind.Resolved => notifiedChannels(change.AlertId).Contains(channel) || FiringHere(notification, change.AlertId, channel, thresholds),
                    AlertChangeKind.Acknowledged => acknowledging.Contains(channel) && notifiedChannels(change.AlertId).Contains(channel),
                    _ => thresholds.TryGetValue(channel, out var min) && change.Severity >= min,
                })
                .ToList();
            if (changes.Count > 0)
            {
                routed.Add(new RoutedNotification(channel, notification with { Changes = changes }));
            }
        }

        return routed;
    }

    private List<RouteOptions> RoutesOf(string customer)
    {
        var own = _routes.Where(r => string.Equals(r.Customer.Trim(), customer, StringComparison.OrdinalIgnoreCase)).ToList();
        return own.Count > 0 ? own : [.. _routes.Where(r => r.Customer.Trim() == RouteOptions.AnyCustomer)];
    }

    private HashSet<string> AcknowledgingFor(string customer) =>
        new(RoutesOf(customer).Where(r => r.Acknowledgements).SelectMany(r => r.Channels), StringComparer.OrdinalIgnoreCase);

    private Dictionary<string, AlertSeverity> ThresholdsFor(string customer)
    {
        var routes = RoutesOf(customer);
        var thresholds = new Dictionary<string, AlertSeverity>(StringComparer.OrdinalIgnoreCase);
        foreach (var route in routes)
        {
            // Validation rejects unknown words at start; the fallback only keeps the method total.
            var min = RouteOptions.TryParseSeverity(route.MinSeverity, out var parsed) ? parsed : AlertSeverity.Warning;
            foreach (var channel in route.Channels)
            {
                thresholds[channel] = thresholds.TryGetValue(channel, out var current) && current < min ? current : min;
            }
        }

        return thresholds;
    }

    // An alert that fires and resolves within one evaluation is told of in the same notification.
    private static bool FiringHere(SiteNotification notification, long alertId, string channel, Dictionary<string, AlertSeverity> thresholds) =>
        notification.Changes.Any(c => c.AlertId == alertId && NotificationText.IsFiring(c)
            && thresholds.TryGetValue(channel, out var min) && c.Severity >= min);
}

/// <summary>What one channel is to be sent: the notification with only the changes routed to it.</summary>
internal sealed record RoutedNotification(string Channel, SiteNotification Notification);
