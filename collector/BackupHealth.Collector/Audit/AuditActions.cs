using BackupHealth.Collector.Audit;
namespace BackupHealth.Collector.Audit;

/// <summary>Every action the audit log records, in one place: <c>area.verb</c>, so a prefix filter (<c>signin.</c>,
/// <c>user.</c>) selects an area. A new security-relevant action gets its name here and calls <see cref="IAuditLog"/>.</summary>
internal static class AuditActions
{
    public const string SignIn = "signin.succeeded";
    public const string SignInFailed = "signin.failed";
    public const string SignOut = "signout";

    public const string UserCreated = "user.created";
    public const string UserChanged = "user.changed";
    public const string UserPasswordSet = "user.password-set";
    public const string UserPasswordChanged = "user.password-changed";

    public const string ApiTokenCreated = "api-token.created";
    public const string ApiTokenRevoked = "api-token.revoked";

    public const string AgentTokenCreated = "agent-token.created";
    public const string AgentTokenRevoked = "agent-token.revoked";

    public const string EnrolmentTokenCreated = "enrolment-token.created";
    public const string EnrolmentTokenRevoked = "enrolment-token.revoked";
    public const string AgentEnrolled = "agent.enrolled";
    public const string EnrolmentRefused = "agent.enrolment-refused";
    public const string EnrolmentDuplicate = "agent.enrolment-duplicate";
    public const string CertificateRenewed = "agent.certificate-renewed";
    public const string AgentRevoked = "agent.revoked";

    public const string AlertAcknowledged = "alert.acknowledged";
    public const string AlertResolved = "alert.resolved";
    public const string AlertsEvaluated = "alert.evaluated";

    public const string SilenceCreated = "silence.created";
    public const string SilenceExpired = "silence.expired";

    public const string MaintenanceWindowCreated = "maintenance-window.created";
    public const string MaintenanceWindowDeleted = "maintenance-window.deleted";

    public const string ExpectationSet = "expectation.set";
    public const string ExpectationCleared = "expectation.cleared";

    public const string CoverageMapped = "coverage.mapped";
    public const string CoverageUnmapped = "coverage.unmapped";
    public const string CoverageExcluded = "coverage.excluded";
    public const string CoverageIncluded = "coverage.included";
}
