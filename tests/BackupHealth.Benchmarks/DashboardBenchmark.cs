using System.Diagnostics;
using System.Globalization;
using BackupHealth.Collector.Dashboard;
using BackupHealth.Collector.Dashboard.Grid;
using BackupHealth.Collector.Dashboard.Health;
using BackupHealth.Collector.Dashboard.History;
using BackupHealth.Collector.Dashboard.Overview;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Host;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Connections;
using BackupHealth.Collector.Store.Sqlite.Dashboard;
using BackupHealth.Collector.Store.Sqlite.Schema;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace BackupHealth.Benchmarks;

/// <summary>Server time of the dashboard's overview and status grid on an MSP-sized store: 300 sites × 20 jobs ×
/// 90 days of one run a day (540,000 observations), with failures, warnings, failed verifications, gaps and stopped
/// jobs. The store is built through the real migrations and filled by direct SQL in one transaction.</summary>
internal static class DashboardBenchmark
{
    public const int Customers = 100;
    public const int SitesPerCustomer = 3;
    public const int JobsPerSite = 20;
    public const int Days = 90;

    public static async Task RunAsync(int iterations)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"bh-bench-dashboard-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var connections = new SqliteConnectionFactory(Path.Combine(folder, SqliteConnectionFactory.FileName));
            var now = TimeProvider.System.GetUtcNow();
            var build = Stopwatch.StartNew();
            var observations = Fill(connections, now);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dashboard store: {Customers * SitesPerCustomer} sites, {Customers * SitesPerCustomer * JobsPerSite:N0} jobs, {observations:N0} observations, built in {build.Elapsed.TotalSeconds:F1} s"));

            var resolver = new ExpectationResolver(MsOptions.Create(new ExpectationOptions()));
            var cache = new JobHistoryCache(resolver);
            var reads = new SqliteDashboardReads(connections);
            var assessor = new JobAssessor(reads, cache, resolver, TimeProvider.System);
            var dashboard = MsOptions.Create(new DashboardOptions { TimeZone = "Europe/Amsterdam" });
            var overview = new OverviewQuery(reads, assessor, MsOptions.Create(new AgentSilentOptions()), dashboard, TimeProvider.System);
            var grid = new StatusGridQuery(reads, assessor, dashboard, TimeProvider.System);

            var cold = Stopwatch.StartNew();
            var first = await overview.GetAsync(OverviewFilter.All, CancellationToken.None);
            var coldMs = cold.Elapsed.TotalMilliseconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"overview: sites failing/silent/warning/healthy {first.Sites.Failing}/{first.Sites.Silent}/{first.Sites.Warning}/{first.Sites.Healthy}; jobs failed/missed/warning/ok {first.Jobs.Failed}/{first.Jobs.Missed}/{first.Jobs.Warning}/{first.Jobs.Ok}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first overview (empty history cache, learns {cache.Count:N0} jobs): {coldMs:F0} ms"));
            Console.WriteLine();

            var siteIds = first.Customers.SelectMany(c => c.Sites).Select(s => s.Id).ToList();
            var overviewTimes = await TimeAsync(iterations, _ => overview.GetAsync(OverviewFilter.All, CancellationToken.None));
            var limited = new HashSet<long>(first.Customers.Take(10).Select(c => c.Id));
            var limitedTimes = await TimeAsync(iterations, _ => overview.GetAsync(new OverviewFilter(limited, Search: "site"), CancellationToken.None));
            var grid14 = await TimeAsync(iterations, i => grid.GetAsync(siteIds[i % siteIds.Count], 14, null, CancellationToken.None));
            var grid30 = await TimeAsync(iterations, i => grid.GetAsync(siteIds[(i * 7) % siteIds.Count], 30, null, CancellationToken.None));

            Console.WriteLine($"Warm (history cache filled), {iterations} iterations each, after {Warmup} untimed:");
            Console.WriteLine();
            Console.WriteLine("| query | median (ms) | p95 (ms) | max (ms) |");
            Console.WriteLine("|---|---:|---:|---:|");
            Row("overview, all 300 sites", overviewTimes);
            Row("overview, 10 customers + search", limitedTimes);
            Row("status grid, 1 site × 20 jobs × 14 days", grid14);
            Row("status grid, 1 site × 20 jobs × 30 days", grid30);
            SqliteConnection.ClearAllPools();

            Console.WriteLine();
            await PagesAsync(folder, siteIds, iterations);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private const int Warmup = 5;

    /// <summary>The pages themselves, as a browser gets them: the real collector on the same store, Kestrel on
    /// 127.0.0.1, authentication (a signed-in session), the query and the Razor rendering, timed from request to the last
    /// byte of the page, with the session cookie of a signed-in admin.</summary>
    private static async Task PagesAsync(string folder, List<long> siteIds, int iterations)
    {
        var builder = CollectorHost.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(TestTls.CollectorSettings(folder))
        {
            ["Collector:DataPath"] = folder,
            ["Collector:GrpcUrl"] = "https://127.0.0.1:0",
            ["Collector:WebUrl"] = "https://127.0.0.1:0",
            ["Collector:Dashboard:TimeZone"] = "Europe/Amsterdam",
            ["Logging:LogLevel:Default"] = "Error",
        });
        await using var app = CollectorHost.Build(builder, ShippedStores.All);
        await app.StartAsync();
        const string password = "benchmark password";
        await app.Services.GetRequiredService<UserAccounts>().CreateAsync("bench", password, Roles.Admin, [], "benchmark");
        using var handler = TestTls.Handler();
        handler.CookieContainer = new System.Net.CookieContainer();
        using var http = new HttpClient(handler) { BaseAddress = app.Services.GetRequiredService<CollectorEndpoints>().Web };
        await SignInAsync(http, "bench", password);

        long bytes = 0;
        async Task<int> GetAsync(string path)
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            var body = await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();
            bytes = body.Length;
            return body.Length;
        }

        var overview = await TimeAsync(iterations, _ => GetAsync("/"));
        var overviewBytes = bytes;
        var grid14 = await TimeAsync(iterations, i => GetAsync($"/sites/{siteIds[i % siteIds.Count]}/grid?days=14"));
        var grid30 = await TimeAsync(iterations, i => GetAsync($"/sites/{siteIds[(i * 7) % siteIds.Count]}/grid?days=30"));
        var gridBytes = bytes;
        await app.StopAsync();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Pages over HTTPS on 127.0.0.1 (signed in, rendered), {iterations} iterations each, after {Warmup} untimed; overview {overviewBytes / 1024} KiB, 30-day grid {gridBytes / 1024} KiB:"));
        Console.WriteLine();
        Console.WriteLine("| page | median (ms) | p95 (ms) | max (ms) |");
        Console.WriteLine("|---|---:|---:|---:|");
        Row("GET / (overview, 300 sites)", overview);
        Row("GET /sites/{id}/grid?days=14", grid14);
        Row("GET /sites/{id}/grid?days=30", grid30);
    }

    /// <summary>Through the sign-in form, as a person: pages take only the session cookie.</summary>
    private static async Task SignInAsync(HttpClient http, string username, string password)
    {
        var form = await http.GetStringAsync(new Uri("/signin", UriKind.Relative));
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Username"] = username,
            ["Password"] = password,
            ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token),
        });
        using var response = await http.PostAsync(new Uri("/signin", UriKind.Relative), content);
        if (!response.RequestMessage!.RequestUri!.AbsolutePath.Equals("/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The benchmark could not sign in.");
        }
    }

    private static async Task<List<double>> TimeAsync<T>(int iterations, Func<int, Task<T>> query)
    {
        for (var i = 0; i < Warmup; i++)
        {
            await query(i);
        }

        var times = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            await query(i);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    private static void Row(string name, List<double> times)
    {
        var sorted = times.Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {sorted[sorted.Count / 2]:F1} | {sorted[(int)Math.Ceiling(sorted.Count * 0.95) - 1]:F1} | {sorted[^1]:F1} |"));
    }

    /// <summary>Deterministic data: each job runs once a day at its own hour; about 3 % of runs fail, 5 % warn, 2 % of
    /// days have no run, 1 in 40 jobs stopped 3 days ago (missed), 1 in 50 sites' agent is silent.</summary>
    private static long Fill(SqliteConnectionFactory connections, DateTimeOffset now)
    {
        using var connection = connections.OpenWriter();
        new SchemaMigrator(Migration.LoadEmbedded(), NullLogger.Instance).Migrate(connection, TimeProvider.System);
        using var transaction = connection.BeginTransaction();
        var random = new Random(6);
        var nowMs = now.ToUnixTimeMilliseconds();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        using var customer = Command(connection, transaction, "INSERT INTO customers (name) VALUES ($name) RETURNING id", "$name");
        using var site = Command(connection, transaction, "INSERT INTO sites (customer_id, name) VALUES ($customer, $name) RETURNING id", "$customer", "$name");
        using var agent = Command(connection, transaction, """
            INSERT INTO agents (site_id, agent_key, host_name, os, version, first_seen, last_seen, open_streams, probes)
            VALUES ($site, $key, $host, 'Windows', '1.0.0', $first, $seen, $streams, '[]') RETURNING id
            """, "$site", "$key", "$host", "$first", "$seen", "$streams");
        using var job = Command(connection, transaction, """
            INSERT INTO jobs (agent_id, job_key, name, source_kind, protected_object, probe_name, first_seen)
            VALUES ($agent, $key, $name, 'veeam.vbr', $object, 'veeam', $first) RETURNING id
            """, "$agent", "$key", "$name", "$object", "$first");
        using var run = Command(connection, transaction, """
            INSERT INTO observations (agent_id, observation_id, job_id, status, start_time, end_time, run_time, size_bytes,
                verification, verification_detail, message, probe_name, received_at)
            VALUES ($agent, $id, $job, $status, $start, $end, $end, $size, $verification, '', $message, 'veeam', $end)
            """, "$agent", "$id", "$job", "$status", "$start", "$end", "$size", "$verification", "$message");

        long observations = 0;
        var firstMs = today.AddDays(-Days - 1).ToUnixTimeMilliseconds();
        for (var c = 0; c < Customers; c++)
        {
            var customerId = Scalar(customer, $"Customer {c:D3}");
            for (var s = 0; s < SitesPerCustomer; s++)
            {
                var siteNumber = (c * SitesPerCustomer) + s;
                var siteId = Scalar(site, customerId, $"Site {s}");
                var silent = siteNumber % 50 == 7;
                var agentId = Scalar(agent, siteId, $"agent-{siteNumber}", $"hv{siteNumber}.example.test", firstMs,
                    silent ? nowMs - (long)TimeSpan.FromHours(3).TotalMilliseconds : nowMs, silent ? 0 : 1);
                for (var j = 0; j < JobsPerSite; j++)
                {
                    var jobId = Scalar(job, agentId, $"job-{j}", $"VM backup {j:D2}", $"vm{j:D2}", firstMs);
                    var stopped = ((siteNumber * JobsPerSite) + j) % 40 == 3;
                    var hour = (j * 7 % 24) + (random.NextDouble() * 0.3);
                    var size = 20_000_000_000L + (random.NextInt64(200) * 1_000_000_000L);
                    for (var d = Days - 1; d >= (stopped ? 3 : 0); d--)
                    {
                        var end = today.AddDays(-d).AddHours(hour);
                        if (end > now || random.NextDouble() < 0.02)
                        {
                            continue;
                        }

                        var roll = random.NextDouble();
                        var status = roll < 0.03 ? StatusNames.Failed : roll < 0.08 ? StatusNames.Warning : StatusNames.Success;
                        var verification = random.NextDouble() < 0.01 ? "failed" : "passed";
                        var endMs = end.ToUnixTimeMilliseconds();
                        Execute(run, agentId, $"o-{jobId}-{d}", jobId, status, endMs - (long)TimeSpan.FromMinutes(20 + random.Next(60)).TotalMilliseconds,
                            endMs, size + random.NextInt64(2_000_000_000L), verification, status == StatusNames.Success ? "ok" : "see log");
                        observations++;
                    }
                }
            }
        }

        using var latest = Command(connection, transaction, """
            UPDATE jobs SET
                latest_time = (SELECT max(run_time) FROM observations o WHERE o.job_id = jobs.id),
                latest_status = (SELECT status FROM observations o WHERE o.job_id = jobs.id ORDER BY run_time DESC LIMIT 1),
                latest_end = (SELECT max(run_time) FROM observations o WHERE o.job_id = jobs.id),
                last_success = (SELECT max(run_time) FROM observations o WHERE o.job_id = jobs.id AND o.status = 'success')
            """);
        latest.ExecuteNonQuery();
        transaction.Commit();
        using var analyze = Command(connection, null, "ANALYZE");
        analyze.ExecuteNonQuery();
        return observations;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        command.Prepare();
        return command;
    }

    private static void Bind(SqliteCommand command, object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }

    private static long Scalar(SqliteCommand command, params object[] values)
    {
        Bind(command, values);
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteCommand command, params object[] values)
    {
        Bind(command, values);
        command.ExecuteNonQuery();
    }
}
