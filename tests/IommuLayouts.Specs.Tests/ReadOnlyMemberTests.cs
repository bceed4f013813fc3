using System;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Specs.Tests;

/// <summary>
/// Every member of a spec layout that only reads is readonly, so reading an entry through an <c>in</c>
/// parameter or a readonly field never copies it. The compiler marks a readonly struct member with
/// <see cref="IsReadOnlyAttribute"/>; a getter declared without <c>readonly</c> lacks it.
/// </summary>
public sealed class ReadOnlyMemberTests
{
    private static readonly Type[] s_layouts = typeof(Cr0).Assembly.GetTypes()
        .Where(t => t.IsValueType && t.GetCustomAttribute<BitLayoutAttribute>() is not null)
        .ToArray();

    private static bool IsReadOnly(MethodInfo method) => method.IsDefined(typeof(IsReadOnlyAttribute), inherit: false);

    [Fact]
    public void The_spec_assembly_has_layouts() => Assert.True(s_layouts.Length > 50, s_layouts.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Every_getter_is_readonly()
    {
        var mutable = s_layouts
            .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(p => p.GetMethod is { } getter && !IsReadOnly(getter))
            .Select(p => p.DeclaringType!.Name + "." + p.Name)
            .ToList();

        Assert.Empty(mutable);
    }

    [Fact]
    public void Every_generated_reading_member_is_readonly()
    {
        string[] names = ["Validate", "ToString", "GetWord", "CopyWordsTo", "WriteTo", "Equals", "GetHashCode", "CheckRules"];
        var mutable = s_layouts
            .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => names.Contains(m.Name) && !IsReadOnly(m))
            .Select(m => m.DeclaringType!.Name + "." + m.Name)
            .ToList();

        Assert.Empty(mutable);
    }
}
