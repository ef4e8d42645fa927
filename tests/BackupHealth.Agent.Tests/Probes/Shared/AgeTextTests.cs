using BackupHealth.Agent.Probes.Shared;

namespace BackupHealth.Agent.Tests.Probes.Shared;

public sealed class AgeTextTests
{
    [Theory]
    [InlineData(0, 0, 0, 20, "20s")]
    [InlineData(0, 0, 45, 0, "45m")]
    [InlineData(0, 2, 5, 0, "2h 5m")]
    [InlineData(0, 2, 0, 0, "2h")]
    [InlineData(3, 4, 30, 0, "3d 4h")]
    [InlineData(1, 0, 0, 0, "1d")]
    public void Ages_read_like_a_person_writes_them(int days, int hours, int minutes, int seconds, string expected) =>
        Assert.Equal(expected, AgeText.Format(new TimeSpan(days, hours, minutes, seconds)));
}
