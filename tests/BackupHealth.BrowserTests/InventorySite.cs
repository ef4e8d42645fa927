using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;
using BackupHealth.IntegrationTests;
using BackupHealth.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace BackupHealth.BrowserTests;

/// <summary>A real collector with two customers (Contoso Ltd / Head office and Fabrikam / Branch) whose hypervisor
/// inventory and backup runs arrive over the agents' real gRPC stream, sent by hand: the coverage pages need VMs,
/// and no agent process is needed to send them.</summary>
internal sealed class InventorySite : IAsyncDisposable
{
    public const string Fabrikam = "Fabrikam";
    public const string Branch = "Branch";
    public const string FabrikamToken = "browser-fabrikam-token-0002";

    private readonly TempDirectory _temp;
    private readonly GrpcChannel _channel;

    private InventorySite(TempDirectory temp, CollectorServer collector)
    {
        _temp = temp;
        Collector = collector;
        _channel = CollectorServer.Channel(collector.Grpc);
    }

    public CollectorServer Collector { get; }

    public static async Task<InventorySite> StartAsync(ErrorLogCollector errors)
    {
        var temp = new TempDirectory("bh-browser");
        var collector = await CollectorServer.StartAsync(temp.Combine("collector"), errors, new Dictionary<string, string?>
        {
            ["Collector:Sites:1:Customer"] = Fabrikam,
            ["Collector:Sites:1:Site"] = Branch,
            ["Collector:Sites:1:AgentTokens:0"] = FabrikamToken,
            ["Collector:AllowSiteTokens"] = "true", // these agents stream with site tokens
        });
        return new InventorySite(temp, collector);
    }

    /// <summary>One agent of the site <paramref name="token"/> belongs to sends <paramref name="inventory"/> and then
    /// <paramref name="runs"/>; returns once the collector acknowledged them (the stream is handled in order, so the
    /// inventory is stored too).</summary>
    public async Task ReportAsync(string token, string agentId, InventoryReport inventory, params Observation[] runs)
    {
        await using var agent = await TestAgent.ConnectAsync(new Ingest.IngestClient(_channel), token, agentId);
        await agent.SendAsync(new AgentMessage { Inventory = inventory });
        await agent.SendBatchAsync(new ObservationBatch { Sequence = 1, Observations = { runs } });
        await agent.WaitForAckAsync(1);
        await agent.CompleteAsync();
    }

    public static InventoryReport Inventory(params (string Id, string Name, string Power)[] vms) => new()
    {
        ProbeName = "xen-pool",
        Hypervisor = "xcp-ng",
        TakenAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        Items = { vms.Select(v => new InventoryItem { Id = v.Id, Name = v.Name, PowerState = v.Power }) },
    };

    /// <summary>A successful backup of <paramref name="vmName"/> (matched by name) that ended an hour ago.</summary>
    public static Observation Backup(string id, string jobKey, string vmName)
    {
        var end = DateTimeOffset.UtcNow.AddHours(-1);
        return new Observation
        {
            Id = id,
            SourceKind = "files",
            JobKey = jobKey,
            JobName = $"{vmName} nightly",
            ProtectedObject = vmName,
            Status = RunStatus.Success,
            StartTime = Timestamp.FromDateTimeOffset(end.AddMinutes(-10)),
            EndTime = Timestamp.FromDateTimeOffset(end),
            SizeBytes = 1_000_000,
            Message = "done",
            ObservedAt = Timestamp.FromDateTimeOffset(end.AddMinutes(1)),
            ProbeName = "nightly-files",
        };
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await Collector.DisposeAsync();
        _temp.Dispose();
    }
}
