using System.Diagnostics;
using System.Net;
using BackupHealth.Collector.Store.Sqlite.Writer;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Tests.Web;
using BackupHealth.Collector.Web;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Testing;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace BackupHealth.Collector.Tests.Telemetry;

/// <summary>The collector's data path on a real, small file system (a tmpfs) that is filled to the last block: ready
/// says so, agents are told to come back and nothing is acknowledged, sign-in refuses with a page, and everything
/// works again once space is freed.</summary>
public sealed class FullDiskTests(ITestOutputHelper output)
{
    // Room for the database, its write-ahead log (up to 1000 pages of 8 KiB before a checkpoint), keys and certificates.
    private const long DiskBytes = 32L * 1024 * 1024;

    [TmpfsFact]
    public async Task A_full_disk_is_not_ready_refuses_ingest_and_sign_in_clearly_and_recovers_when_space_is_freed()
    {
        using var disk = TmpfsMount.Create(DiskBytes);
        var database = disk.Combine("data", "backuphealth.db");
        await using var collector = await TestCollector.StartAsync(s => s["Collector:DataPath"] = disk.Combine("data"));
        ExpectFullDiskErrors(collector);
        await WebUsers.EnsureAsync(collector.App.Services, "tina", Roles.Technician);
        using var anonymous = collector.Anonymous;
        await using (var before = await collector.ConnectAsync("agent-1"))
        {
            await before.SendBatchAsync(Observations.Batch(1, "before", 3));
            await before.WaitForAckAsync(1);
        }

        // The sign-in page's anti-forgery key is made (and written) on first use: before the disk fills, as in a
        // collector that has been running for a while.
        using (var warm = new FormSession(collector.Endpoints.Web))
        {
            await warm.TokenAsync("/signin");
        }

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await ReadyProbe.GetAsync(anonymous));
        await using var agent = await collector.ConnectAsync("agent-1");

        output.WriteLine($"filled the disk with {disk.Fill("filler") / 1024} KiB");

        var (status, body) = await ReadyProbe.GetAsync(anonymous);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith("Unhealthy: the store does not take writes", body, StringComparison.Ordinal);
        Assert.Contains("disk is full", body, StringComparison.Ordinal);

        await agent.SendBatchAsync(Observations.Batch(1, "during", 3));
        var refused = await agent.WaitForErrorAsync();
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Equal(0UL, agent.LastAck);
        Assert.Equal(3L, await CountAsync(database, "SELECT count(*) FROM observations"));

        // Every agent's next connection fails the same way (its hello is a write too); the log says so once with the
        // exception, not once per attempt.
        for (var i = 0; i < 4; i++)
        {
            var again = await TestAgent.RefusedAsync(collector.Client, TestCollector.ContosoToken, "agent-1");
            Assert.Equal(StatusCode.Unavailable, again.StatusCode);
        }

        Assert.Single(collector.Errors.ExpectedLogged, m => m.StartsWith("A store transaction of", StringComparison.Ordinal));

        using (var person = new FormSession(collector.Endpoints.Web))
        {
            using var signIn = await person.SignInAsync("tina", WebUsers.Password);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
            Assert.Contains(StoreUnavailablePage.Message, WebUtility.HtmlDecode(await signIn.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        File.Delete(disk.Combine("filler"));
        var freed = Stopwatch.StartNew();

        await Poll.UntilAsync(async () => (await ReadyProbe.GetAsync(anonymous)).Status == HttpStatusCode.OK, "ready is 200 again");
        output.WriteLine($"ready again {freed.ElapsedMilliseconds} ms after the space was freed");
        await using (var after = await collector.ConnectAsync("agent-1"))
        {
            await after.SendBatchAsync(Observations.Batch(1, "during", 3));
            await after.WaitForAckAsync(1);
        }

        using (var person = new FormSession(collector.Endpoints.Web))
        {
            using var signIn = await person.SignInAsync("tina", WebUsers.Password);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        Assert.Equal(6L, await CountAsync(database, "SELECT count(*) FROM observations"));
    }

    private static async Task<long> CountAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A failed commit, an unhealthy check and an audit row that cannot be written are errors an operator
    /// must see; here they are the point.</summary>
    private static void ExpectFullDiskErrors(TestCollector collector)
    {
        string[] categories = ["BackupHealth.Collector.Store.Sqlite.Writer.StoreWriter", "Microsoft.Extensions.Diagnostics.HealthChecks", "BackupHealth.Collector.Audit.AuditLog"];
        collector.Errors.Expected.Add((category, _) => categories.Any(c => category.StartsWith(c, StringComparison.Ordinal)));
    }
}
