using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace BackupHealth.Collector.Web.Live;

/// <summary>TempData (the one-time "Alert acknowledged." messages after a form) for every request but the live
/// pages' own refreshes (<c>X-Live</c>): such a refresh neither reads nor clears a message, so one meant for the page
/// load after a redirect — in this tab or another — is never swallowed by a refresh that happened in between.</summary>
internal sealed class LiveTempDataProvider(ITempDataProvider inner) : ITempDataProvider
{
    public const string Header = "X-Live";

    public IDictionary<string, object> LoadTempData(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Headers.ContainsKey(Header) ? new Dictionary<string, object>() : inner.LoadTempData(context);
    }

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Headers.ContainsKey(Header))
        {
            inner.SaveTempData(context, values);
        }
    }
}
