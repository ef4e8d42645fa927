using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Limits;

/// <summary>The DataAnnotations on <see cref="LimitsOptions"/>, checked without reflection.</summary>
[OptionsValidator]
internal sealed partial class LimitsOptionsAnnotations : IValidateOptions<LimitsOptions>
{
}
