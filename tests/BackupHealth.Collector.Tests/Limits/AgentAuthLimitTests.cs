using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace BackupHealth.Collector.Tests.Limits;

/// <summary>Failed agent authentication per source address (<c>Collector:Limits:AgentAuthFailuresPerAddress</c>).</summary>
public sealed class AgentAuthLimitTests : IAsyncLifetime
{
    private const int Allowed = 3;
    private TestCollector _collector = null!;
    private GrpcChannel _fromOther = null!;

    private Contracts.V1.Ingest.IngestClient OtherAddress => new(_fromOther);

    public async Task InitializeAsync()
    {
        _collector = await TestCollector.StartAsync(s => s["Collector:Limits:AgentAuthFailuresPerAddress"] = $"{Allowed}");
        _fromOther = GrpcChannel.ForAddress(_collector.Endpoints.Grpc, new GrpcChannelOptions { HttpHandler = BackupHealth.Testing.TestTls.Trust(LoopbackSource.Handler(LoopbackSource.Other)) });
    }

    public async Task DisposeAsync()
    {
        _fromOther.Dispose();
        await _collector.DisposeAsync();
    }

    [LinuxFact]
    public async Task An_address_that_failed_too_often_is_cut_off_while_a_valid_agent_elsewhere_connects()
    {
        for (var i = 0; i < Allowed; i++)
        {
            Assert.Equal(StatusCode.Unauthenticated, (await TestAgent.RefusedAsync(OtherAddress, "guessed-token-number-000" + i, "intruder")).StatusCode);
        }

        var cutOff = await TestAgent.RefusedAsync(OtherAddress, "guessed-token-number-0009", "intruder");
        // Not even a right token is looked at from there now.
        var rightTokenThere = await TestAgent.RefusedAsync(OtherAddress, TestCollector.ContosoToken, "hv02");
        await using var elsewhere = await _collector.ConnectAsync("hv01");

        Assert.Equal(StatusCode.ResourceExhausted, cutOff.StatusCode);
        Assert.Contains("too many failed agent authentications", cutOff.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.ResourceExhausted, rightTokenThere.StatusCode);
        Assert.Equal("Head office", elsewhere.Welcome.Site);
    }

    [LinuxFact]
    public async Task The_address_gets_in_again_once_its_failures_leave_the_window()
    {
        for (var i = 0; i <= Allowed; i++)
        {
            await TestAgent.RefusedAsync(OtherAddress, "guessed-token-number-000" + i, "intruder");
        }

        _collector.Time.Advance(TimeSpan.FromMinutes(5));

        await using var agent = await TestAgent.ConnectAsync(OtherAddress, TestCollector.ContosoToken, "hv02");
        Assert.Equal("Head office", agent.Welcome.Site);
    }
}
