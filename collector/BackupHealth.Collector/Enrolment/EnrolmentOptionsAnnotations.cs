using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Enrolment;

/// <summary>The DataAnnotations on <see cref="EnrolmentOptions"/>, checked without reflection.</summary>
[OptionsValidator]
internal sealed partial class EnrolmentOptionsAnnotations : IValidateOptions<EnrolmentOptions>
{
}
