using System;
using System.Linq;
using IommuLayouts.Emulator.IntelVtd;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Emulator.Tests.IntelVtd;

/// <summary>Trace steps of VT-d walks carry their entry format and decode with the VT-d layouts, not the Arm ones.</summary>
public sealed class VtdTraceTests
{
    [Fact]
    public void First_stage_steps_decode_as_vtd_fs_pte()
    {
        var device = VtdTestBed.Sid(0, 3, 0);
        var bed = new VtdTestBed(scalable: true);
        var tables = bed.Tables(VtdTableFormat.FirstStage, 4);
        tables.Map(0x1000, 0x5000_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        bed.ScalableContext(device);
        bed.SetPasidEntry(device, 5, VtdTestBed.FirstStageEntry(tables.RootAddress, 4, did: 1));
        bed.Enable();
        var trace = new WalkTraceRecorder();

        Assert.True(bed.Vtd.Translate(new VtdRequest(device, 0x1234, AccessKind.Read, 5), trace).IsTranslated);

        Assert.Equal(4, trace.Steps.Count); // one entry per level of a 4-level first stage
        Assert.All(trace.Steps, step =>
        {
            Assert.Equal(TraceDescriptorFormat.VtdFirstStage, step.Format);
            Assert.StartsWith("vtd.fs-pte {", step.DecodeDescriptor(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Second_stage_steps_decode_as_vtd_ss_pte()
    {
        var device = VtdTestBed.Sid(0, 3, 0);
        var bed = new VtdTestBed(scalable: false);
        var tables = bed.Tables(VtdTableFormat.SecondStage, 4);
        tables.Map(0x1000, 0x5000_0000, 0x1000, IommuProt.Read);
        bed.LegacyContext(device, tables.RootAddress, 4, did: 1);
        bed.Enable();
        var trace = new WalkTraceRecorder();

        Assert.True(bed.Vtd.Translate(new VtdRequest(device, 0x1234, AccessKind.Read), trace).IsTranslated);

        Assert.NotEmpty(trace.Steps);
        Assert.All(trace.Steps, step => Assert.Equal(TraceDescriptorFormat.VtdSecondStage, step.Format));
        Assert.StartsWith("vtd.ss-pte {", trace.Steps.Last().DecodeDescriptor(), StringComparison.Ordinal);
    }
}
