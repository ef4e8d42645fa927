using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Hosting;

/// <summary>The DataAnnotations on <see cref="CollectorOptions"/>, checked without reflection.</summary>
[OptionsValidator]
internal sealed partial class CollectorOptionsAnnotations : IValidateOptions<CollectorOptions>
{
}
