using System;
using System.Linq;
using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Vtd;

/// <summary>Trace steps of VT-d walks carry their entry format and decode with the VT-d layouts, not the Arm ones.</summary>
public sealed class VtdTraceTests
{
    [Fact]
    public void First_stage_steps_decode_as_vtd_fs_pte()
    {
        var bed = VtdTestBed.FirstStagePage();
        var trace = new WalkTraceRecorder();

        Assert.True(bed.Vtd.Translate(new VtdRequest(VtdTestBed.Device, 0x1234, AccessKind.Read, 5), trace).IsTranslated);

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
        var bed = VtdTestBed.LegacySecondStagePage();
        var trace = new WalkTraceRecorder();

        Assert.True(bed.Vtd.Translate(new VtdRequest(VtdTestBed.Device, 0x1234, AccessKind.Read), trace).IsTranslated);

        Assert.NotEmpty(trace.Steps);
        Assert.All(trace.Steps, step => Assert.Equal(TraceDescriptorFormat.VtdSecondStage, step.Format));
        Assert.StartsWith("vtd.ss-pte {", trace.Steps.Last().DecodeDescriptor(), StringComparison.Ordinal);
    }
}
