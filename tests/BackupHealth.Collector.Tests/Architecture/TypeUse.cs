using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace BackupHealth.Collector.Tests.Architecture;

/// <summary>The types a type uses: its base type and interfaces, a field, property, constructor or method signature,
/// a method's local variables, and what a method's code constructs, calls or reads. Lambdas, iterators and async methods are compiled into nested types; their use
/// counts for the type that holds them (<see cref="Outermost"/>).</summary>
internal static class TypeUse
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
        | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static Type Outermost(Type type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    public static IEnumerable<Type> UsedBy(Type type)
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

            foreach (var referenced in IlReferences(method, body))
            {
                yield return referenced;
            }
        }
    }

    /// <summary>The types a method's code names: what it constructs, calls, reads or writes (a static call leaves no
    /// signature or local behind), from the metadata tokens of its IL.</summary>
    private static IEnumerable<Type> IlReferences(MethodBase method, MethodBody body)
    {
        var il = body.GetILAsByteArray() ?? [];
        var at = 0;
        while (at < il.Length)
        {
            var code = il[at] == 0xFE ? unchecked((short)(0xFE00 | il[at + 1])) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var operand = OpCodesByValue[code].OperandType;
            if (operand is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok
                && Resolve(method, BitConverter.ToInt32(il, at)) is { } type)
            {
                yield return type;
            }

            at += OperandSize(operand, il, at);
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    private static Type? Resolve(MethodBase method, int token)
    {
        try
        {
            var member = method.Module.ResolveMember(token, method.DeclaringType?.GetGenericArguments(),
                method.IsGenericMethod ? method.GetGenericArguments() : null);
            return member as Type ?? member?.DeclaringType;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static int OperandSize(OperandType operand, byte[] il, int at) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };

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

    /// <summary>The type and what it is made of: the element of an array or pointer, a generic type's definition and
    /// its arguments (<c>IOptions&lt;JobFailedOptions&gt;</c> is <c>IOptions&lt;&gt;</c> and <c>JobFailedOptions</c>).</summary>
    public static IEnumerable<Type> Parts(Type type)
    {
        if (type.HasElementType)
        {
            return Parts(type.GetElementType()!);
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            return Parts(type.GetGenericTypeDefinition()).Concat(type.GetGenericArguments().SelectMany(Parts));
        }

        return [type];
    }
}
