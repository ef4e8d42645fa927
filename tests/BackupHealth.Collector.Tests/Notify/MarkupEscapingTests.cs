using BackupHealth.Collector.Notify.Channels;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Tests.Notify;

public sealed class MarkupEscapingTests
{
    [Theory]
    [InlineData("<!channel>", "&lt;!channel&gt;")]
    [InlineData("<https://evil.example|click>", "&lt;https://evil.example|click&gt;")]
    [InlineData("R&D <@U123>", "R&amp;D &lt;@U123&gt;")]
    [InlineData("&lt; stays text", "&amp;lt; stays text")]
    public void Slack_control_characters_become_the_entities_slack_asks_for(string text, string escaped) =>
        Assert.Equal(escaped, SlackMrkdwn.Escape(text));

    [Theory]
    [InlineData("[click](https://evil.example)", @"\[click\](https://evil.example)")]
    [InlineData("**bold** _it_ ~gone~ `code`", @"\*\*bold\*\* \_it\_ \~gone\~ \`code\`")]
    [InlineData("<https://evil.example>", @"\<https://evil.example\>")]
    [InlineData(@"C:\backups\[1]", @"C:\\backups\\\[1\]")]
    [InlineData("SQL01 nightly (full) #3", "SQL01 nightly (full) #3")]
    public void Teams_markdown_is_backslash_escaped(string text, string escaped) =>
        Assert.Equal(escaped, TeamsMarkdown.Escape(text));

    [Fact]
    public void Text_without_anything_to_escape_or_strip_is_returned_as_it_is()
    {
        const string Plain = "SQL01 nightly on hv01.example.test";

        Assert.Same(Plain, SlackMrkdwn.Escape(Plain));
        Assert.Same(Plain, TeamsMarkdown.Escape(Plain));
        Assert.Same(Plain, BidiControls.Strip(Plain));
    }

    [Fact]
    public void Every_bidirectional_control_is_stripped_and_nothing_else()
    {
        var controls = "\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069";

        Assert.Equal("vm01gpj.exe", BidiControls.Strip("vm01\u202Egpj.exe"));
        Assert.Equal("a b", BidiControls.Strip(controls + "a" + controls + " b" + controls));
        Assert.Equal("Größe ‐ שלום", BidiControls.Strip("Größe ‐ שלום"));
    }
}
