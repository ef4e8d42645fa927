using BackupHealth.Agent.Probes.Veeam;

namespace BackupHealth.Agent.Tests.Probes.Veeam;

public sealed class VeeamApiRevisionsTests
{
    private const string Refusal = "Unsupported RESTAPI version. The following versions are supported: v1.0-rev1, v1.0-rev2, v1.1-rev0";

    [Theory]
    [InlineData("1.3-rev1", Refusal, "1.1-rev0")]
    [InlineData("1.1-rev0", Refusal, "1.0-rev2")]
    [InlineData("1.3-rev1", "Unsupported RESTAPI version.", "1.3-rev0")]
    [InlineData("1.0-rev1", "Unsupported RESTAPI version.", null)]
    [InlineData("1.3-rev1", "Unsupported RESTAPI version. The following versions are supported: v2.0-rev0", null)]
    [InlineData("9.9-rev9", Refusal, null)]
    public void The_next_revision_is_the_newest_older_one_the_server_lists(string refused, string message, string? next) =>
        Assert.Equal(next, VeeamApiRevisions.Next(refused, message));

    [Theory]
    [InlineData(400, Refusal, true)]
    [InlineData(400, "unsupported restapi version", true)]
    [InlineData(400, "The x-api-version header is required.", false)]
    [InlineData(401, Refusal, false)]
    [InlineData(400, null, false)]
    public void Only_a_400_saying_unsupported_RESTAPI_version_is_a_refused_revision(int status, string? message, bool refusal) =>
        Assert.Equal(refusal, VeeamApiRevisions.IsRefusal((System.Net.HttpStatusCode)status, message));
}
