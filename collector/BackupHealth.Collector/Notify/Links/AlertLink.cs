namespace BackupHealth.Collector.Notify.Links;

/// <summary>A link under <c>Collector:PublicUrl</c> with the words of its button, the same in every channel.</summary>
internal sealed record AlertLink(string Title, Uri Url)
{
    /// <summary>"Open alert", then "Job history" for a job's alert or "Site" (the site's grid) for any other; none
    /// without <c>Collector:PublicUrl</c> (messages then say once how to set it).</summary>
    public static IReadOnlyList<AlertLink> Of(SiteNotification notification, AlertChange change, NotificationLinks links)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(links);
        if (links.Alert(change.AlertId) is not { } alert)
        {
            return [];
        }

        var second = links.Job(change.JobId) is { } job ? new AlertLink("Job history", job) : new AlertLink("Site", links.Site(notification.SiteId)!);
        return [new AlertLink("Open alert", alert), second];
    }
}
