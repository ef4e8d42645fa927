using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace BackupHealth.Collector.Enrolment;

/// <summary>The <c>Collector:Enrolment</c> section: enrolment tokens and the agent certificates they are traded for
/// (docs/security.md).</summary>
internal sealed class EnrolmentOptions
{
    public const string SectionName = "Collector:Enrolment";
    public const string DefaultTokenLifetime = "1.00:00:00";
    public const int DefaultTokenUses = 1;
    public const string DefaultCertificateLifetime = "90.00:00:00";
    public const string DefaultRenewalGrace = "7.00:00:00";

    /// <summary>How long a new enrolment token can be used, unless its creator says otherwise.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = Parse(DefaultTokenLifetime);

    /// <summary>How many agents a new enrolment token enrols, unless its creator says otherwise.</summary>
    [Range(1, 1000)]
    public int TokenUses { get; set; } = DefaultTokenUses;

    /// <summary>Lifetime of an agent certificate; agents renew at two thirds of it.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "825.00:00:00")]
    public TimeSpan CertificateLifetime { get; set; } = Parse(DefaultCertificateLifetime);

    /// <summary>How long after its certificate expired an agent that was offline may still renew it; after that it
    /// must enrol again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan RenewalGrace { get; set; } = Parse(DefaultRenewalGrace);

    private static TimeSpan Parse(string value) => TimeSpan.Parse(value, CultureInfo.InvariantCulture);
}
