using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Options;
using static BackupHealth.Collector.Tests.Rules.RuleAssert;

namespace BackupHealth.Collector.Tests.Rules;

public sealed class VerificationFailedRuleTests
{
    private static readonly DateTimeOffset Night = JobHistory.Monday.AddDays(10).AddHours(22);
    private readonly VerificationFailedRule _rule = new(Options.Create(new VerificationFailedOptions()));

    private static JobHistory Verified() => new JobHistory("dc01 export")
        .Run(Night.AddDays(-2), verification: VerificationState.Passed, verificationDetail: "41876 chunks ok")
        .Run(Night.AddDays(-1), verification: VerificationState.Passed, verificationDetail: "41876 chunks ok");

    [Fact]
    public void Fires_when_the_newest_verified_run_failed_verification()
    {
        var history = Verified().Run(Night, verification: VerificationState.Failed, verificationDetail: "chunk 1032 checksum mismatch");

        var finding = Fires(_rule, history.At(Night));

        Assert.Equal((AlertSeverity.Critical, "dc01 export: verification failed"), (finding.Severity, finding.Title));
        Assert.Equal("run of 2025-06-12 22:00 UTC failed verification: chunk 1032 checksum mismatch", finding.Detail);
    }

    [Fact]
    public void Does_not_fire_when_verification_passes() => Quiet(_rule, Verified().At(Night));

    [Fact]
    public void An_unverified_run_after_it_does_not_clear_it()
    {
        var history = Verified().Run(Night, verification: VerificationState.Failed).Run(Night.AddDays(1));

        Fires(_rule, history.At(Night.AddDays(1)));
    }

    [Fact]
    public void Resolves_when_a_later_run_passes_verification()
    {
        var history = Verified().Run(Night, verification: VerificationState.Failed);
        Fires(_rule, history.At(Night));

        history.Run(Night.AddDays(1), verification: VerificationState.Passed);

        Quiet(_rule, history.At(Night.AddDays(1)));
    }

    [Fact]
    public void The_detail_names_the_file_whose_content_failed()
    {
        var history = Verified().Run(Night, verification: VerificationState.Failed,
            verificationDetail: "VM db01: db01 disk 0 'system', Ref:3, chunk 00000001: xxhash mismatch", location: "exports/db01-2025-06-12.xva");

        var finding = Fires(_rule, history.At(Night));

        Assert.Equal(
            "run of 2025-06-12 22:00 UTC failed verification: VM db01: db01 disk 0 'system', Ref:3, chunk 00000001: xxhash mismatch; file exports/db01-2025-06-12.xva",
            finding.Detail);
    }

    [Fact]
    public void Switched_off_it_finds_nothing() =>
        Quiet(new VerificationFailedRule(Options.Create(new VerificationFailedOptions { Enabled = false })),
            Verified().Run(Night, verification: VerificationState.Failed).At(Night));
}
