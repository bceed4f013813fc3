using System;
using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Specs.Tests.Smmuv3;

/// <summary>Every SMMUv3 format is in the assembly's catalog under the name issue 4 gives it.</summary>
public sealed class CatalogTests
{
    public static TheoryData<string, Type, int> Formats() => new()
    {
        { "smmuv3.ste", typeof(StreamTableEntry), 512 },
        { "smmuv3.cd", typeof(ContextDescriptor), 512 },
        { "smmuv3.l1std", typeof(L1StreamTableDescriptor), 64 },
        { "smmuv3.l1cd", typeof(L1ContextDescriptor), 64 },
        { "smmuv3.event", typeof(EventRecord), 256 },
        { "smmuv3.cmd", typeof(Command), 128 },
        { "smmuv3.cmd.prefetch-config", typeof(PrefetchConfigCommand), 128 },
        { "smmuv3.cmd.prefetch-addr", typeof(PrefetchAddrCommand), 128 },
        { "smmuv3.cmd.tlbi-el2-all", typeof(TlbiEl2AllCommand), 128 },
        { "smmuv3.cmd.tlbi-el2-asid", typeof(TlbiEl2AsidCommand), 128 },
        { "smmuv3.cmd.tlbi-el2-va", typeof(TlbiEl2VaCommand), 128 },
        { "smmuv3.cmd.tlbi-el2-vaa", typeof(TlbiEl2VaaCommand), 128 },
        { "smmuv3.cmd.tlbi-el3-all", typeof(TlbiEl3AllCommand), 128 },
        { "smmuv3.cmd.tlbi-el3-va", typeof(TlbiEl3VaCommand), 128 },
        { "smmuv3.cmd.stall-term", typeof(StallTermCommand), 128 },
        { "smmuv3.cmd.cfgi-ste", typeof(CfgiSteCommand), 128 },
        { "smmuv3.cmd.cfgi-ste-range", typeof(CfgiSteRangeCommand), 128 },
        { "smmuv3.cmd.cfgi-cd", typeof(CfgiCdCommand), 128 },
        { "smmuv3.cmd.cfgi-cd-all", typeof(CfgiCdAllCommand), 128 },
        { "smmuv3.cmd.tlbi-nh-all", typeof(TlbiNhAllCommand), 128 },
        { "smmuv3.cmd.tlbi-nh-asid", typeof(TlbiNhAsidCommand), 128 },
        { "smmuv3.cmd.tlbi-nh-va", typeof(TlbiNhVaCommand), 128 },
        { "smmuv3.cmd.tlbi-nh-vaa", typeof(TlbiNhVaaCommand), 128 },
        { "smmuv3.cmd.tlbi-s12-vmall", typeof(TlbiS12VmallCommand), 128 },
        { "smmuv3.cmd.tlbi-s2-ipa", typeof(TlbiS2IpaCommand), 128 },
        { "smmuv3.cmd.tlbi-nsnh-all", typeof(TlbiNsnhAllCommand), 128 },
        { "smmuv3.cmd.atc-inv", typeof(AtcInvCommand), 128 },
        { "smmuv3.cmd.pri-resp", typeof(PriRespCommand), 128 },
        { "smmuv3.cmd.resume", typeof(ResumeCommand), 128 },
        { "smmuv3.cmd.sync", typeof(SyncCommand), 128 },
        { "smmuv3.idr0", typeof(Idr0), 32 },
        { "smmuv3.idr1", typeof(Idr1), 32 },
        { "smmuv3.idr3", typeof(Idr3), 32 },
        { "smmuv3.idr5", typeof(Idr5), 32 },
        { "smmuv3.iidr", typeof(Iidr), 32 },
        { "smmuv3.cr0", typeof(Cr0), 32 },
        { "smmuv3.cr1", typeof(Cr1), 32 },
        { "smmuv3.cr2", typeof(Cr2), 32 },
        { "smmuv3.gbpa", typeof(Gbpa), 32 },
        { "smmuv3.gerror", typeof(Gerror), 32 },
        { "smmuv3.irq-ctrl", typeof(IrqCtrl), 32 },
        { "smmuv3.strtab-base", typeof(StrtabBase), 64 },
        { "smmuv3.strtab-base-cfg", typeof(StrtabBaseCfg), 32 },
        { "smmuv3.queue-base", typeof(QueueBase), 64 },
        { "smmuv3.queue-prod-cons", typeof(QueueProdCons), 32 },
        { "smmuv3.irq-cfg0", typeof(IrqCfg0), 64 },
        { "smmuv3.irq-cfg2", typeof(IrqCfg2), 32 },
        { "smmuv3.aidr", typeof(Aidr), 32 },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Format_is_in_the_catalog_under_its_name(string name, Type type, int sizeBits)
    {
        var catalog = new LayoutCatalog(BitLayoutCatalog.Layouts);
        Assert.True(catalog.TryFind(name, out var layout), $"{name} is not in the catalog");
        Assert.Equal(type, layout.ClrType);
        Assert.Equal(sizeBits, layout.SizeBits);
        Assert.False(string.IsNullOrWhiteSpace(layout.Spec));
        foreach (var field in layout.Fields)
        {
            Assert.False(string.IsNullOrWhiteSpace(field.Doc), $"{name}.{field.Name} has no Doc");
        }
    }

    [Fact]
    public void Scenario_names_resolve_through_the_layout_table()
    {
        // Scenario files say "Config": "S1Translate" and "fault": "F_TRANSLATION".
        var config = StreamTableEntry.Layout.FindField("Config")!;
        Assert.True(config.TryGetEnumValue("S1Translate", out var raw));
        Assert.Equal(5UL, raw);
        var id = EventRecord.Layout.FindField("EventID")!;
        Assert.True(id.TryGetEnumValue("F_TRANSLATION", out var code));
        Assert.Equal(0x10UL, code);
        Assert.True(id.TryGetEnumName(0x25, out var name));
        Assert.Equal("F_VMS_FETCH", name);
    }
}
