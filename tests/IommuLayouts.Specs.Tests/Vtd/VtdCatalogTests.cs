using System.Linq;
using Xunit;

namespace IommuLayouts.Specs.Tests.Vtd;

public sealed class VtdCatalogTests
{
    // The names the VT-d formats issue asks for (issue 5), plus vtd.iva and vtd.iqercd, plus the interrupt-remapping
    // formats of issue 13.
    private static readonly (string Name, int SizeBits)[] s_expected =
    {
        ("vtd.root", 128), ("vtd.sm-root", 128), ("vtd.context", 128), ("vtd.sm-context", 256),
        ("vtd.pasid-dir", 64), ("vtd.pasid", 512), ("vtd.ss-pte", 64), ("vtd.fs-pte", 64), ("vtd.frcd", 128),
        ("vtd.qi", 256), ("vtd.qi.cc", 256), ("vtd.qi.iotlb", 256), ("vtd.qi.dev-tlb", 256), ("vtd.qi.iec", 256),
        ("vtd.qi.wait", 256), ("vtd.qi.pc", 256), ("vtd.qi.piotlb", 256), ("vtd.qi.pdev-tlb", 256),
        ("vtd.qi.pgrp-resp", 256),
        ("vtd.ver", 32), ("vtd.cap", 64), ("vtd.ecap", 64), ("vtd.gcmd", 32), ("vtd.gsts", 32), ("vtd.rtaddr", 64),
        ("vtd.ccmd", 64), ("vtd.fsts", 32), ("vtd.fectl", 32), ("vtd.iqa", 64), ("vtd.iqh", 64), ("vtd.iqt", 64),
        ("vtd.ics", 32), ("vtd.iotlb-reg", 64), ("vtd.iva", 64), ("vtd.iqercd", 64), ("vtd.event-address", 32),
        ("vtd.irta", 64), ("vtd.irte", 128), ("vtd.irte-posted", 128), ("vtd.pid", 512), ("vtd.msi-addr-remap", 64),
        ("vtd.msi-data-remap", 32), ("vtd.msi-addr", 64), ("vtd.msi-data", 32),
    };

    [Fact]
    public void Every_vtd_format_is_in_the_catalog_under_its_name_with_its_size_and_a_documented_field_table()
    {
        var byName = IommuLayouts.Specs.BitLayoutCatalog.Layouts.ToDictionary(l => l.Name);
        foreach (var (name, sizeBits) in s_expected)
        {
            Assert.True(byName.TryGetValue(name, out var layout), $"{name} is missing from the catalog");
            Assert.Equal(sizeBits, layout!.SizeBits);
            Assert.False(string.IsNullOrWhiteSpace(layout.Spec), $"{name} has no Spec");
            Assert.NotEmpty(layout.Fields);
            Assert.All(layout.Fields, f => Assert.False(string.IsNullOrWhiteSpace(f.Doc), $"{name}.{f.Name} has no Doc"));
        }
    }
}
