using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>The DataAnnotations on <see cref="AuthOptions"/>, checked without reflection.</summary>
[OptionsValidator]
internal sealed partial class AuthOptionsAnnotations : IValidateOptions<AuthOptions>
{
}
