using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Probes.Veeam;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.VendorFakes.Veeam;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Probes.Veeam;

/// <summary>A VeeamServer on 127.0.0.1 sharing a fake clock with the probes made against it, and one state store
/// that outlives each probe instance (as the file store does across agent restarts).</summary>
internal sealed class VeeamRig : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero);
    public const string ProbeName = "vbr-main";

    private readonly List<VeeamProbe> _probes = [];

    private VeeamRig(VeeamServer server, FakeTimeProvider time)
    {
        Server = server;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public VeeamServer Server { get; }

    public TestLogging Logging { get; } = new();

    public ProbeStateStores States { get; } = ProbeStateStores.InMemory();

    public static async Task<VeeamRig> StartAsync()
    {
        var time = new FakeTimeProvider(Now);
        return new VeeamRig(await VeeamServer.StartAsync(time), time);
    }

    public VeeamProbeOptions Options(Action<VeeamProbeOptions>? configure = null)
    {
        var options = new VeeamProbeOptions
        {
            Name = ProbeName,
            Type = VeeamProbe.TypeName,
            Url = Server.BaseAddress.ToString(),
            Username = VeeamServer.DefaultUsername,
            Password = VeeamServer.DefaultPassword,
            CertificateThumbprint = Server.CertificateSha256,
            RequestTimeout = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        return options;
    }

    public VeeamProbe Probe(Action<VeeamProbeOptions>? configure = null)
    {
        var options = Options(configure);
        var probe = new VeeamProbe(options, Time, States.For(options.Name), Logging.For<VeeamProbe>());
        _probes.Add(probe);
        return probe;
    }

    public static void AssertValid(ProbeResult result)
    {
        Assert.All(result.Observations, o => Assert.Null(ObservationValidator.Validate(o, Now, TimeSpan.FromMinutes(10))));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var probe in _probes)
        {
            probe.Dispose();
        }

        await Server.DisposeAsync();
        Logging.Dispose();
    }
}
