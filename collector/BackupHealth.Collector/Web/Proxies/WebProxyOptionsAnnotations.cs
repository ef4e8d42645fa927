using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web.Proxies;

/// <summary>The DataAnnotations on <see cref="WebProxyOptions"/>, checked without reflection.</summary>
[OptionsValidator]
internal sealed partial class WebProxyOptionsAnnotations : IValidateOptions<WebProxyOptions>
{
}
