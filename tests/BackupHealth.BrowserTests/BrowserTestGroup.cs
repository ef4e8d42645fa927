namespace BackupHealth.BrowserTests;

/// <summary>Every browser test class joins this xunit collection to share the one <see cref="BrowserFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
