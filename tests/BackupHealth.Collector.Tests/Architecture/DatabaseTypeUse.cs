using System.Reflection;
using System.Runtime.CompilerServices;

namespace BackupHealth.Collector.Tests.Architecture;

/// <summary>Which types of an assembly use the database client (Microsoft.Data.Sqlite, SQLitePCLRaw, Npgsql) or the SQLite
/// plumbing that wraps it: in a field, property, constructor or method signature, or a method's local variables.
/// Lambdas, iterators and async methods are compiled into nested types; their use counts for the type that holds
/// them.</summary>
internal static class DatabaseTypeUse
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
        | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The store's own SQLite plumbing, named so that a room passing it around counts as using the database.</summary>
    private static readonly HashSet<string> Plumbing = ["SqliteConnectionFactory", "StoreWriter", "WriteSession"];

    public static SortedSet<string> UsersIn(Assembly assembly)
    {
        var users = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var owner = Outermost(type);
            if (TypesUsedBy(type).Any(IsDatabaseType))
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

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static IEnumerable<Type> TypesUsedBy(Type type)
    {
        if (type.BaseType is not null)
        {
            yield return type.BaseType;
        }

        foreach (var contract in type.GetInterfaces())
        {
            yield return contract;
        }

        foreach (var field in type.GetFields(Everything))
        {
            yield return field.FieldType;
        }

        foreach (var property in type.GetProperties(Everything))
        {
            yield return property.PropertyType;
        }

        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo info)
            {
                yield return info.ReturnType;
            }

            foreach (var parameter in method.GetParameters())
            {
                yield return parameter.ParameterType;
            }

            var body = SafeBody(method);
            if (body is null)
            {
                continue;
            }

            foreach (var local in body.LocalVariables)
            {
                yield return local.LocalType;
            }
        }
    }

    private static MethodBody? SafeBody(MethodBase method)
    {
        try
        {
            return method.IsAbstract || method.GetCustomAttribute<MethodImplAttribute>() is { MethodCodeType: MethodCodeType.Runtime } ? null : method.GetMethodBody();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
