using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Notify;

/// <summary>The DataAnnotations on <see cref="NotifyOptions"/>, checked without reflection.</summary>
[OptionsValidator]
internal sealed partial class NotifyOptionsAnnotations : IValidateOptions<NotifyOptions>
{
}
