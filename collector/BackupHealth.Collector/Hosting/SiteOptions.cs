namespace BackupHealth.Collector.Hosting;

/// <summary>One entry of <c>Collector:Sites</c>: a customer's site and the agent tokens that belong to it.</summary>
/// <remarks>Checked by <see cref="CollectorOptionsRules"/> rather than DataAnnotations: a useful message names the
/// entry's index (<c>Collector:Sites:2:AgentTokens:0</c>), which attributes cannot know.</remarks>
internal sealed class SiteOptions
{
    public const int MinTokenLength = 16;
    public const int MaxNameLength = 200;

    public string Customer { get; set; } = "";

    public string Site { get; set; } = "";

    public List<string> AgentTokens { get; set; } = [];
}
