using System.Reflection;

namespace BackupHealth.Collector.Tests.Architecture;

/// <summary>Which types of an assembly use the database client (Microsoft.Data.Sqlite, SQLitePCLRaw, Npgsql) or the SQLite
/// plumbing that wraps it, as <see cref="TypeUse"/> finds what a type uses.</summary>
internal static class DatabaseTypeUse
{
    /// <summary>The store's own SQLite plumbing, named so that a room passing it around counts as using the database.</summary>
    private static readonly HashSet<string> Plumbing = ["SqliteConnectionFactory", "StoreWriter", "WriteSession"];

    public static SortedSet<string> UsersIn(Assembly assembly)
    {
        var users = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var owner = TypeUse.Outermost(type);
            if (TypeUse.UsedBy(type).Any(IsDatabaseType))
            {
                users.Add(owner.FullName!);
            }
        }

        return users;
    }

    public static bool IsDatabaseType(Type type)
    {
        if (type.HasElementType)
        {
            return IsDatabaseType(type.GetElementType()!);
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition && type.GetGenericArguments().Any(IsDatabaseType))
        {
            return true;
        }

        var assembly = type.Assembly.GetName().Name ?? "";
        return assembly.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal)
            || assembly.StartsWith("SQLitePCLRaw", StringComparison.Ordinal)
            || assembly.StartsWith("Npgsql", StringComparison.Ordinal)
            || Plumbing.Contains(type.Name);
    }
}
