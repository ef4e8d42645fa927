using BackupHealth.Collector.Telemetry;

namespace BackupHealth.Collector.Tests.Telemetry;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("tina", "tina")]
    [InlineData("ann\nFailed sign-in for admin", "ann?Failed sign-in for admin")]
    [InlineData("a\rb\tc\u001b[31md", "a?b?c?[31md")]
    [InlineData("left\u2028right\u202Eevil", "left?right?evil")]
    [InlineData("Zoë 🙂", "Zoë 🙂")]
    [InlineData("", "")]
    public void Printable_keeps_letters_and_turns_every_control_or_separator_into_a_question_mark(string text, string expected)
    {
        Assert.Equal(expected, LogText.Printable(text));
    }

    [Fact]
    public void Printable_cuts_long_text()
    {
        var cut = LogText.Printable(new string('a', 500));

        Assert.Equal(new string('a', LogText.MaxLength) + "…", cut);
    }

    [Fact]
    public void A_typed_name_that_matches_nobody_is_a_hash_the_same_for_the_same_text()
    {
        var once = LogText.TypedName("Tr0ub4dor&3", matchesUser: false);
        var again = LogText.TypedName(" Tr0ub4dor&3 ", matchesUser: false);
        var other = LogText.TypedName("Tr0ub4dor&4", matchesUser: false);

        Assert.Matches(@"^unknown name #[0-9a-f]{8} \(11 characters\)$", once);
        Assert.Equal(once, again);
        Assert.NotEqual(once, other);
        Assert.Equal("tina", LogText.TypedName(" tina ", matchesUser: true));
    }
}
