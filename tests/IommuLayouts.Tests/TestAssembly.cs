namespace IommuLayouts.Tests.TestAssembly;

/// <summary>The generated catalog of this test assembly (namespace IommuLayouts.Tests, from the assembly name).</summary>
internal static class BitLayoutCatalogAlias
{
    public static System.Collections.Generic.IReadOnlyList<LayoutInfo> Layouts => global::IommuLayouts.Tests.BitLayoutCatalog.Layouts;
}
