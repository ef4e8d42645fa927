using System.Net;
using System.Text;
using System.Text.Json;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Tests.Expectations;

/// <summary>GET/PUT/DELETE /api/v1/jobs/{id}/expectation on a real collector, with the job's runs sent by an agent.</summary>
public sealed class ExpectationApiTests : IAsyncLifetime
{
    // The collector's clock starts on Sunday 2025-06-01 12:00 UTC; the newest run ends an hour before.
    private static readonly DateTimeOffset LastRun = TestCollector.StartTime.AddHours(-1);

    private TestCollector _collector = null!;
    private ulong _sequence;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    [Fact]
    public async Task A_new_job_shows_the_default_then_the_learned_expectation()
    {
        var jobId = await SendDailyRunsAsync(2);

        var initial = await GetAsync(jobId);
        Assert.Equal(("default", "1.00:00:00", "02:00:00"), (Text(initial, "source"), Text(initial, "interval"), Text(initial, "grace")));
        Assert.Equal(JsonValueKind.Null, initial.GetProperty("schedule").ValueKind);
        Assert.Equal("2025-06-01T11:00:00Z", Text(initial, "lastSuccess"));
        Assert.Equal("2025-06-02T13:00:00Z", Text(initial, "nextDeadline"));
        Assert.False(initial.GetProperty("overdue").GetBoolean());

        await SendDailyRunsAsync(2, skipDays: 3);
        var learned = await GetAsync(jobId);

        Assert.Equal(("learned", "1.00:00:00", "06:00:00"), (Text(learned, "source"), Text(learned, "interval"), Text(learned, "grace")));
        Assert.Equal("every 1 d, grace 6 h (learned)", Text(learned, "description"));
        Assert.Equal("2025-06-02T17:00:00Z", Text(learned, "nextDeadline"));
    }

    [Fact]
    public async Task Put_stores_a_schedule_with_who_set_it_and_delete_goes_back_to_learning()
    {
        var jobId = await SendDailyRunsAsync(6);

        using var put = await PutAsync(jobId, """{"schedule": "weekdays  22:00 Europe/Amsterdam", "grace": "1h"}""", user: "alice");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var set = await JsonAsync(put);
        var shown = await GetAsync(jobId);

        foreach (var body in new[] { set, shown })
        {
            Assert.Equal(("set", "weekdays 22:00 Europe/Amsterdam", "01:00:00"), (Text(body, "source"), Text(body, "schedule"), Text(body, "grace")));
            Assert.Equal(JsonValueKind.Null, body.GetProperty("interval").ValueKind);
            // Last run Sunday 11:00 UTC; next is Monday 22:00 in Amsterdam (20:00 UTC), plus the usual 10-minute run
            // and an hour.
            Assert.Equal("2025-06-02T21:10:00Z", Text(body, "nextDeadline"));
            Assert.Equal(("alice", "2025-06-01T12:00:00Z"), (Text(body, "updatedBy"), Text(body, "updatedAt")));
        }

        Assert.Equal("alice", await _collector.ScalarAsync("SELECT updated_by FROM job_expectations WHERE job_id = $id", ("$id", jobId)));

        using var delete = await _collector.Http.DeleteAsync(Path(jobId));
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        var back = await JsonAsync(delete);

        Assert.Equal("learned", Text(back, "source"));
        Assert.Equal(JsonValueKind.Null, back.GetProperty("updatedBy").ValueKind);
        Assert.Equal(0, await _collector.CountAsync("SELECT count(*) FROM job_expectations"));
    }

    [Fact]
    public async Task Put_of_an_interval_without_grace_takes_the_default_grace_and_replaces_the_schedule()
    {
        var jobId = await SendDailyRunsAsync(1);
        (await PutAsync(jobId, """{"schedule": "daily 22:00", "by": "alice"}""")).Dispose();

        using var put = await PutAsync(jobId, """{"interval": "12:00:00"}""", user: "bob");
        var body = await JsonAsync(put);

        Assert.Equal(("set", "12:00:00", "02:00:00", "bob"), (Text(body, "source"), Text(body, "interval"), Text(body, "grace"), Text(body, "updatedBy")));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("schedule").ValueKind);
        Assert.Equal("2025-06-02T01:00:00Z", Text(body, "nextDeadline"));
    }

    [Fact]
    public async Task Overdue_turns_true_once_the_deadline_has_passed()
    {
        var jobId = await SendDailyRunsAsync(1);

        _collector.Time.Advance(TimeSpan.FromHours(25)); // deadline: 11:00 + 1 d + 2 h
        Assert.False((await GetAsync(jobId)).GetProperty("overdue").GetBoolean());
        _collector.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await GetAsync(jobId)).GetProperty("overdue").GetBoolean());
    }

    [Theory]
    [InlineData("""{"schedule": "daily 22:00 Europe/Amsterdm", "by": "alice"}""", "schedule: unknown time zone 'Europe/Amsterdm'")]
    [InlineData("""{"schedule": "0 22 * *", "by": "alice"}""", "schedule: a cron schedule has 5 fields")]
    [InlineData("""{"interval": "soon", "by": "alice"}""", "interval: 'soon' is not a duration")]
    [InlineData("""{"interval": "00:00:10", "by": "alice"}""", "interval: '00:00:10' is not a duration between 1 minute and 366 days")]
    [InlineData("""{"interval": "1d", "grace": "forever", "by": "alice"}""", "grace: 'forever' is not a duration")]
    [InlineData("""{"interval": "1d", "schedule": "daily 22:00", "by": "alice"}""", "give either interval")]
    [InlineData("""{"by": "alice"}""", "give either interval")]
    public async Task A_bad_request_is_refused_with_the_reason_and_changes_nothing(string json, string reason)
    {
        var jobId = await SendDailyRunsAsync(1);
        (await PutAsync(jobId, """{"interval": "7d", "by": "alice"}""")).Dispose();

        using var response = await PutAsync(jobId, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(reason, Text(await JsonAsync(response), "detail"), StringComparison.Ordinal);
        Assert.Equal("7.00:00:00", Text(await GetAsync(jobId), "interval"));
    }

    [Fact]
    public async Task An_unknown_job_is_404_for_every_verb()
    {
        await SendDailyRunsAsync(1);

        using var get = await _collector.Http.GetAsync(Path(999));
        using var put = await PutAsync(999, """{"interval": "1d", "by": "alice"}""");
        using var delete = await _collector.Http.DeleteAsync(Path(999));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (get.StatusCode, put.StatusCode, delete.StatusCode));
        Assert.Equal(0, await _collector.CountAsync("SELECT count(*) FROM job_expectations"));
    }

    /// <summary>Sends <paramref name="count"/> daily successes ending at <see cref="LastRun"/> (minus
    /// <paramref name="skipDays"/> days) and earlier; returns the job's id.</summary>
    private async Task<long> SendDailyRunsAsync(int count, int skipDays = 0)
    {
        var observations = Enumerable.Range(skipDays, count)
            .Select(day => Observations.Valid($"run-{day}", jobKey: "sql01", end: LastRun.AddDays(-day)))
            .ToArray();
        await using var agent = await _collector.ConnectAsync("hv01");
        var sequence = ++_sequence;
        await agent.SendBatchAsync(Observations.Batch(sequence, observations));
        await agent.WaitForAckAsync(sequence);
        await agent.CompleteAsync();
        return await _collector.CountAsync("SELECT id FROM jobs WHERE job_key = 'sql01'");
    }

    private static Uri Path(long jobId) => new($"/api/v1/jobs/{jobId}/expectation", UriKind.Relative);

    private async Task<HttpResponseMessage> PutAsync(long jobId, string json, string? user = null) =>
        await (user is null ? _collector.Http : await _collector.AsAsync(user))
            .PutAsync(Path(jobId), new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<JsonElement> GetAsync(long jobId)
    {
        using var response = await _collector.Http.GetAsync(Path(jobId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private static string? Text(JsonElement element, string name) => element.GetProperty(name).GetString();
}
