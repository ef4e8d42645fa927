using System.Globalization;
using System.Reflection;

namespace BackupHealth.Collector.Store.Sqlite.Schema;

/// <summary>One numbered schema script, e.g. <c>0002_add_alerts.sql</c> is version 2.</summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "migrations/";

    /// <summary>The scripts embedded from Schema/Migrations, in version order.</summary>
    public static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migration).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => FromResource(assembly, n))
            .OrderBy(m => m.Version)
            .ToList();
    }

    private static Migration FromResource(Assembly assembly, string resourceName)
    {
        var name = Path.GetFileNameWithoutExtension(resourceName[ResourcePrefix.Length..]);
        var underscore = name.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration script '{resourceName}' is not named NNNN_description.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, name, reader.ReadToEnd());
    }
}
