using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Dashboard;

/// <summary>The DataAnnotations on <see cref="DashboardOptions"/>, checked without reflection.</summary>
[OptionsValidator]
internal sealed partial class DashboardOptionsAnnotations : IValidateOptions<DashboardOptions>
{
}
