using System.ComponentModel.DataAnnotations;
using System.Globalization;
using BackupHealth.Collector.Model;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>Collector:Alerts:Rules:VmNotProtected</c>. Also decides the states the coverage API shows.</summary>
internal sealed class VmNotProtectedOptions
{
    public const string SectionName = "Collector:Alerts:Rules:VmNotProtected";
    public const string DefaultNewVmGrace = "01:00:00";

    public bool Enabled { get; set; } = true;

    /// <summary>Judge only running VMs: a powered-off VM that is not protected is "not running", not an alert.</summary>
    public bool PoweredOnOnly { get; set; } = true;

    /// <summary>A VM first seen less than this long ago does not alert yet: its first backup has not had a chance.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "31.00:00:00")]
    public TimeSpan NewVmGrace { get; set; } = TimeSpan.Parse(DefaultNewVmGrace, CultureInfo.InvariantCulture);

    [EnumDataType(typeof(AlertSeverity))]
    public AlertSeverity Severity { get; set; } = AlertSeverity.Warning;
}

[OptionsValidator]
internal sealed partial class VmNotProtectedOptionsValidator : IValidateOptions<VmNotProtectedOptions>
{
}
