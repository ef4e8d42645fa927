using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace BackupHealth.Testing;

/// <summary>Whether a configuration key (<c>Collector:Notify:Channels:0:Smtp:Host</c>) names a property that the
/// options binder fills, walking the options types as the binder does: properties by name (any case), collections by
/// index, dictionaries by any key, values that convert from a string as leaves. The binder silently ignores a key
/// that names nothing, so a renamed or removed setting would otherwise go unnoticed.</summary>
public static class SettingsKeys
{
    /// <summary>Stands for any name or index in a key that documentation writes as a placeholder.</summary>
    public const string Any = "*";

    /// <summary>True when <paramref name="segments"/> (the key's parts below <paramref name="type"/>'s section)
    /// lead to a property of <paramref name="type"/>; an empty path names the section itself.</summary>
    public static bool Resolves(Type type, IReadOnlyList<string> segments)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count == 0)
        {
            return true;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        var rest = segments.Skip(1).ToList();
        if (IsLeaf(type))
        {
            return false;
        }

        if (DictionaryValueType(type) is { } value)
        {
            return Resolves(value, rest);
        }

        if (ElementType(type) is { } element)
        {
            return (segments[0] == Any || int.TryParse(segments[0], out _)) && Resolves(element, rest);
        }

        return Properties(type)
            .Where(p => segments[0] == Any || string.Equals(ConfigurationName(p), segments[0], StringComparison.OrdinalIgnoreCase))
            .Any(p => Resolves(p.PropertyType, rest));
    }

    /// <summary>True when <paramref name="key"/> is one of <paramref name="sections"/> (section key → options type; a
    /// section key may hold <see cref="Any"/>, e.g. <c>Probes:*</c>), lies on the way to one, or names a property below one.</summary>
    public static bool Resolves(IEnumerable<(string Section, Type Options)> sections, string key)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var parts = Split(key);
        return sections.Any(section =>
        {
            var sectionParts = Split(section.Section);
            var shared = Math.Min(parts.Count, sectionParts.Count);
            return Enumerable.Range(0, shared).All(i => Matches(parts[i], sectionParts[i]))
                && (parts.Count <= sectionParts.Count || Resolves(section.Options, parts.Skip(sectionParts.Count).ToList()));
        });
    }

    public static IReadOnlyList<string> Split(string key) =>
        (key ?? throw new ArgumentNullException(nameof(key))).Split(ConfigurationPath.KeyDelimiter);

    private static bool Matches(string part, string sectionPart) =>
        part == Any || sectionPart == Any || string.Equals(part, sectionPart, StringComparison.OrdinalIgnoreCase);

    private static bool IsLeaf(Type type) =>
        type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(object)
        || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

    private static Type? DictionaryValueType(Type type) =>
        Interfaces(type).FirstOrDefault(i => i.IsGenericType
            && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))
            ?.GetGenericArguments()[1];

    private static Type? ElementType(Type type) =>
        type.IsArray
            ? type.GetElementType()
            : Interfaces(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static Type[] Interfaces(Type type) => type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces();

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0)
            .Where(p => p.SetMethod is { IsPublic: true } || !IsLeaf(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType));

    private static string ConfigurationName(PropertyInfo property) =>
        property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
}
