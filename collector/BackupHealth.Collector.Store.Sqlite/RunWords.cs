using BackupHealth.Collector.Model;
using BackupHealth.Contracts.V1;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite;

/// <summary>The store's words for run status and verification, read back into the contract's enums.</summary>
internal static class RunWords
{
    public const string Passed = "passed";
    public const string VerificationFailed = "failed";
    public const string NotVerified = "not_verified";

    public static RunStatus Status(string word) => word switch
    {
        StatusNames.Success => RunStatus.Success,
        StatusNames.Warning => RunStatus.Warning,
        StatusNames.Failed => RunStatus.Failed,
        StatusNames.Running => RunStatus.Running,
        _ => RunStatus.Unspecified,
    };

    public static VerificationState Verification(string word) => word switch
    {
        Passed => VerificationState.Passed,
        VerificationFailed => VerificationState.Failed,
        _ => VerificationState.NotVerified,
    };

    public static DateTimeOffset? Time(SqliteDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(ordinal));
}
