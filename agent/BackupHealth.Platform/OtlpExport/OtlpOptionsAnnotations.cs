using Microsoft.Extensions.Options;

namespace BackupHealth.OtlpExport;

/// <summary>The DataAnnotations on <see cref="OtlpOptions"/>, checked without reflection.</summary>
[OptionsValidator]
internal sealed partial class OtlpOptionsAnnotations : IValidateOptions<OtlpOptions>
{
}
