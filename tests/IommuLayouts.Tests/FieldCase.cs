using System;

namespace IommuLayouts.Tests;

/// <summary>Sets a field through its generated setter.</summary>
public delegate void FieldSetter<T>(ref T entry, ulong raw);

/// <summary>
/// One generated field accessor pair, exercised as raw values: <paramref name="Get"/> returns the field's raw bits
/// (the address for address fields) and <paramref name="Set"/> writes them through the typed property.
/// </summary>
public sealed record FieldCase<T>(string Name, Func<T, ulong> Get, FieldSetter<T>? Set)
    where T : struct, IBitLayout<T>
{
    public BitFieldInfo Info => T.Layout.FindField(Name) ?? throw new InvalidOperationException($"{T.Layout.Name} has no field {Name}");

    public override string ToString() => $"{T.Layout.Name}.{Name}";
}
