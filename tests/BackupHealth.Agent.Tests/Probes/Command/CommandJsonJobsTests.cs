using System.Text;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Command;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Probes.Command;

/// <summary>What a script can say beyond a run's status and times: that a failure will be retried, how the run's
/// verification went, and (in the object form) every job the source lists; and the one job of a plugin-mode probe.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CommandJsonJobsTests : IDisposable
{
    private readonly CommandScripts _scripts = new();

    public void Dispose() => _scripts.Dispose();

    private Task<ProbeResult> PrintAsync(string json) => _scripts.Printing(json).Probe.RunAsync(CancellationToken.None).AsTask();

    [LinuxFact]
    public async Task WillRetry_and_verification_reach_the_observations()
    {
        var result = await PrintAsync("""
            [
              {"jobName":"ERP","status":"failed","startTime":"2025-03-10T01:00:00Z","endTime":"2025-03-10T01:05:00Z","willRetry":true},
              {"jobName":"Mail","status":"failed","startTime":"2025-03-10T01:00:00Z","endTime":"2025-03-10T01:05:00Z","willRetry":false},
              {"jobName":"Files","status":"success","startTime":"2025-03-10T02:00:00Z","endTime":"2025-03-10T02:30:00Z",
               "verification":{"state":"passed","detail":"restore test of 3 files"}},
              {"jobName":"SQL","status":"warning","startTime":"2025-03-10T03:00:00Z","endTime":"2025-03-10T03:30:00Z",
               "verification":{"state":"FAILED","detail":"checksum mismatch in erp.dump"}},
              {"jobName":"NAS","status":"success","startTime":"2025-03-10T04:00:00Z","endTime":"2025-03-10T04:30:00Z",
               "verification":{"state":"notVerified"}},
              {"jobName":"DNS","status":"running","startTime":"2025-03-10T05:00:00Z"}
            ]
            """);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.All(result.Observations, o => Assert.Null(ObservationValidator.Validate(o, CommandScripts.Now, TimeSpan.FromMinutes(1))));
        Assert.Equal([true, false, false, false, false, false], result.Observations.Select(o => o.WillRetry));
        Assert.Equal(
            [
                (VerificationState.NotVerified, ""), (VerificationState.NotVerified, ""),
                (VerificationState.Passed, "restore test of 3 files"), (VerificationState.Failed, "checksum mismatch in erp.dump"),
                (VerificationState.NotVerified, ""), (VerificationState.NotVerified, ""),
            ],
            result.Observations.Select(o => (o.Verification.State, o.Verification.Detail)));
        Assert.Null(result.Jobs);
    }

    [LinuxFact]
    public async Task The_object_form_lists_jobs_under_the_same_job_key_as_their_runs()
    {
        var result = await PrintAsync("""
            {
              "runs": [
                {"jobKey":"erp-db","jobName":"ERP database","status":"success","startTime":"2025-03-10T03:00:00+02:00","endTime":"2025-03-10T03:20:00+02:00"}
              ],
              "jobs": [
                {"jobKey":"erp-db","jobName":"ERP database","enabled":true,"nextRun":"2025-03-10T22:00:00+01:00",
                 "schedule":"daily 22:00 Europe/Amsterdam","interval":"1d"},
                {"jobName":"Old NAS","enabled":false,"interval":"1d12h"},
                {"jobName":"New SQL job","schedule":"0 22 * * 1-5 Europe/Amsterdam"}
              ]
            }
            """);

        Assert.Equal(ProbeState.Ok, result.State);
        var run = Assert.Single(result.Observations);
        Assert.NotNull(result.Jobs);
        var jobs = result.Jobs.ToDictionary(j => j.JobName);
        Assert.Equal(3, jobs.Count);
        Assert.All(result.Jobs, j => Assert.Null(JobListingValidator.Validate(j)));
        Assert.All(result.Jobs, j => Assert.Equal("command", j.SourceKind));
        var erp = jobs["ERP database"];
        Assert.Equal(run.JobKey, erp.JobKey);
        Assert.Equal("sql-dump-check/erp-db", erp.JobKey);
        Assert.True(erp.Enabled);
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 21, 0, 0, TimeSpan.Zero), erp.NextRun.ToDateTimeOffset());
        Assert.Equal(
            new Dictionary<string, string> { ["schedule"] = "daily 22:00 Europe/Amsterdam", ["interval"] = "1d" },
            erp.Attributes);
        var nas = jobs["Old NAS"];
        Assert.Equal(("sql-dump-check/Old NAS", false, null), (nas.JobKey, nas.Enabled, nas.NextRun));
        Assert.Equal(new Dictionary<string, string> { ["interval"] = "1d12h" }, nas.Attributes);
        var fresh = jobs["New SQL job"];
        Assert.True(fresh.Enabled);
        Assert.Equal(new Dictionary<string, string> { ["schedule"] = "0 22 * * 1-5 Europe/Amsterdam" }, fresh.Attributes);
    }

    [LinuxTheory]
    [InlineData("""{"jobs":[{"jobName":"Old NAS","enabled":false}]}""", 0, 1)]
    [InlineData("""{"runs":[],"jobs":[]}""", 0, 0)]
    [InlineData("""{"runs":[{"jobName":"x","status":"success","startTime":"2025-03-10T01:00:00Z","endTime":"2025-03-10T01:00:01Z"}]}""", 1, null)]
    public async Task Either_member_of_the_object_form_may_stand_alone(string json, int runs, int? jobs)
    {
        var result = await PrintAsync(json);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Equal(runs, result.Observations.Count);
        Assert.Equal(jobs, result.Jobs?.Count);
    }

    [LinuxTheory]
    [InlineData("""[{"jobName":"x","status":"success","startTime":"2025-03-10T01:00:00Z","endTime":"2025-03-10T01:00:01Z","willRetry":true}]""", "printed a bad observation at [0] (job 'x'): willRetry is true on a success run: only a failed run is retried")]
    [InlineData("""[{"jobName":"x","status":"warning","startTime":"2025-03-10T01:00:00Z","endTime":"2025-03-10T01:00:01Z","willRetry":true}]""", "printed a bad observation at [0] (job 'x'): willRetry is true on a warning run: only a failed run is retried")]
    [InlineData("""[{"jobName":"x","status":"success","startTime":"2025-03-10T01:00:00Z","endTime":"2025-03-10T01:00:01Z","verification":{"state":"ok"}}]""", "printed a bad observation at [0] (job 'x'): verification.state 'ok' is not one of passed, failed, notVerified")]
    [InlineData("""[{"jobName":"x","status":"success","startTime":"2025-03-10T01:00:00Z","endTime":"2025-03-10T01:00:01Z","verification":{"detail":"restored"}}]""", "printed a bad observation at [0] (job 'x'): verification.state is missing")]
    [InlineData("""[{"jobName":"x","status":"success","startTime":"2025-03-10T01:00:00Z","endTime":"2025-03-10T01:00:01Z","verification":{"state":"passed","details":"restored"}}]""", "printed JSON that is not an array of observations: The JSON property 'details' could not be mapped")]
    [InlineData("""[{"jobName":"x","status":"running","startTime":"2025-03-10T01:00:00Z","verification":{"state":"failed"}}]""", "printed a bad observation at [0] (job 'x'): verification.state 'failed' on a running run: only a finished run is verified")]
    [InlineData("""{"runs":[{"jobName":"ok","status":"success","startTime":"2025-03-10T01:00:00Z","endTime":"2025-03-10T01:00:01Z"},{"jobName":"x","status":"ok","startTime":"2025-03-10T01:00:00Z"}]}""", "printed a bad observation at runs[1] (job 'x'): status 'ok' is not one of success, warning, failed, running")]
    [InlineData("""{}""", "printed an object without \"runs\" or \"jobs\"")]
    [InlineData("""{"runs":[],"jobs":[],"vms":[]}""", "printed JSON that is not an object of \"runs\" and \"jobs\": The JSON property 'vms' could not be mapped")]
    [InlineData("""{"jobs":[{"jobName":"x","disabled":true}]}""", "printed JSON that is not an object of \"runs\" and \"jobs\": The JSON property 'disabled' could not be mapped")]
    [InlineData("""{"jobs":[{"jobName":"a"},{"jobName":"b"},{"jobName":"x","schedule":" "}]}""", "printed a bad job at jobs[2] (job 'x'): schedule is empty")]
    [InlineData("""{"jobs":[{"jobName":"x","schedule":"daily\u000122:00"}]}""", "printed a bad job at jobs[0] (job 'x'): schedule contains control characters")]
    [InlineData("""{"jobs":[{"jobName":"x","interval":""}]}""", "printed a bad job at jobs[0] (job 'x'): interval is empty")]
    [InlineData("""{"jobs":[{"jobName":"x","interval":"daily"}]}""", "printed a bad job at jobs[0] (job 'x'): interval 'daily' is not a duration like 4h, 1d, 90m or 1d12h")]
    [InlineData("""{"jobs":[{"jobName":"x","interval":"0m"}]}""", "printed a bad job at jobs[0] (job 'x'): interval '0m' is not a duration like 4h, 1d, 90m or 1d12h")]
    [InlineData("""{"jobs":[{"jobName":"x","nextRun":"2025-03-10T22:00:00"}]}""", "printed a bad job at jobs[0] (job 'x'): nextRun '2025-03-10T22:00:00' has no zone: end it in Z or an offset like +02:00")]
    [InlineData("""{"jobs":[{"jobKey":"x","enabled":false}]}""", "printed a bad job at jobs[0]: jobName is missing")]
    [InlineData("""{"jobs":[null]}""", "printed a bad job at jobs[0]: is null")]
    [InlineData("""{"jobs":[{"jobName":"x"},{"jobKey":"x","jobName":"Other"}]}""", "printed a bad job at jobs[1] (job 'Other'): job_key 'sql-dump-check/x' is listed twice (also at jobs[0])")]
    [InlineData("""{"jobs":[{"jobName":"x\ty"}]}""", "printed a bad job at jobs[0] (job 'x\ty'): job_key contains control characters")]
    public async Task A_bad_document_is_a_probe_error_naming_the_element_and_reports_nothing(string json, string expected)
    {
        var (probe, script) = _scripts.Printing(json);

        var result = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.StartsWith($"{script} {expected}", result.Message, StringComparison.Ordinal);
        Assert.Empty(result.Observations);
        Assert.Null(result.Jobs);
    }

    [LinuxTheory]
    [InlineData("schedule", 201, "printed a bad job at jobs[0] (job 'x'): schedule is 201 characters long; the limit is 200")]
    [InlineData("jobKey", 250, "printed a bad job at jobs[0] (job 'x'): job_key is 265 characters long; the limit is 256")]
    [InlineData("jobName", 600, "printed a bad job at jobs[0] (job 'xxxxx")]
    public async Task Over_long_job_members_are_refused(string member, int length, string expected)
    {
        var value = new string('x', length);
        var json = member == "jobName" ? $$"""{"jobs":[{"jobKey":"x","jobName":"{{value}}"}]}""" : $$"""{"jobs":[{"jobName":"x","{{member}}":"{{value}}"}]}""";
        var (probe, script) = _scripts.Printing(json);

        var result = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.StartsWith($"{script} {expected}", result.Message, StringComparison.Ordinal);
        Assert.Null(result.Jobs);
        if (member == "jobName")
        {
            Assert.EndsWith("job_name is 600 characters long; the limit is 512", result.Message, StringComparison.Ordinal);
        }
    }

    [LinuxFact]
    public async Task More_jobs_than_the_collector_takes_are_refused()
    {
        var jobs = Enumerable.Range(0, ObservationLimits.MaxListedJobs + 1).Select(i => $$"""{"jobName":"job {{i}}"}""");

        var result = await PrintAsync($$"""{"jobs":[{{string.Join(',', jobs)}}]}""");

        Assert.Equal(ProbeState.Error, result.State);
        Assert.EndsWith(" printed 10001 jobs; the limit is 10000", result.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task A_job_list_larger_than_one_collector_message_is_refused()
    {
        var schedule = "0 22 * * 1-5 " + new string('z', 180);
        var json = new StringBuilder("""{"jobs":[""");
        for (var i = 0; i < 7000; i++)
        {
            json.Append(i == 0 ? "" : ",").Append($$"""{"jobKey":"{{i}}","jobName":"{{new string('n', 500)}}","schedule":"{{schedule}}","interval":"1d"}""");
        }

        var result = await PrintAsync(json.Append("]}").ToString());

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Matches(@" printed jobs that take \d+ bytes; the limit is 4128768$", result.Message);
    }

    [LinuxTheory]
    [InlineData("01:00:00", "1h")]
    [InlineData("00:05:00", "5m")]
    [InlineData("1.12:00:00", "1d12h")]
    [InlineData("1.00:05:00", "1d5m")]
    [InlineData("00:00:30", "1m")]
    [InlineData("00:01:30", "2m")]
    public async Task A_plugin_mode_probe_lists_its_one_job_with_its_interval(string interval, string expected)
    {
        var script = _scripts.Script("echo 'OK - dump is fresh'");

        var result = await _scripts.Probe(script, o =>
        {
            o.Interval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture);
            o.JobName = "SQL dump";
        }).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        var run = Assert.Single(result.Observations);
        var job = Assert.Single(result.Jobs!);
        Assert.Equal((run.JobKey, "SQL dump", "command", true), (job.JobKey, job.JobName, job.SourceKind, job.Enabled));
        Assert.Equal(new Dictionary<string, string> { ["interval"] = expected }, job.Attributes);
        Assert.True(IntervalText.IsValid(expected));
    }
}
