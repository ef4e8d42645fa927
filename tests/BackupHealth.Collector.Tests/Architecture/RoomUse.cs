using System.Reflection;

namespace BackupHealth.Collector.Tests.Architecture;

/// <summary>What the types of one room (a namespace and the namespaces beneath it) use that the room may not: every
/// type <see cref="TypeUse"/> finds, taken apart (<see cref="TypeUse.Parts"/>), that no entry of the allowed list
/// names. An entry is a namespace (it and those beneath it) or one type's full name.</summary>
internal static class RoomUse
{
    /// <returns>"user -> used" lines, sorted; empty when the room keeps to its list.</returns>
    public static SortedSet<string> Violations(Assembly assembly, string room, IEnumerable<string> allowed)
    {
        var entries = allowed.ToList();
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes().Where(t => IsIn(t.Namespace, room)))
        {
            foreach (var used in TypeUse.UsedBy(type).SelectMany(TypeUse.Parts).Where(u => !IsAllowed(u, entries)))
            {
                violations.Add($"{TypeUse.Outermost(type).FullName} -> {used.FullName ?? used.Name}");
            }
        }

        return violations;
    }

    private static bool IsAllowed(Type used, List<string> entries) =>
        used.IsGenericParameter
        || IsCompilerGenerated(used)
        || entries.Any(e => IsIn(used.Namespace, e) || string.Equals(TypeUse.Outermost(used).FullName, e, StringComparison.Ordinal));

    /// <summary>Types the compiler adds without a namespace (<c>&lt;PrivateImplementationDetails&gt;</c>, the arrays
    /// behind collection expressions).</summary>
    private static bool IsCompilerGenerated(Type type) => type.Namespace is null && TypeUse.Outermost(type).Name.StartsWith('<');

    private static bool IsIn(string? @namespace, string room) =>
        @namespace is not null && (@namespace == room || @namespace.StartsWith(room + ".", StringComparison.Ordinal));
}
