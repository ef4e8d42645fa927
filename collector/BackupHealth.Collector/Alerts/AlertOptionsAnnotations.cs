using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Alerts;

/// <summary>The DataAnnotations on <see cref="AlertOptions"/>, checked without reflection.</summary>
[OptionsValidator]
internal sealed partial class AlertOptionsAnnotations : IValidateOptions<AlertOptions>
{
}
