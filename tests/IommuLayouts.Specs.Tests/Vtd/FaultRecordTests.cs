using System;
using System.Linq;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Specs.Tests.Vtd;

public sealed class FaultRecordTests
{
    [Fact]
    public void Fault_record_as_qemu_writes_it_for_a_first_stage_read_fault()
    {
        // QEMU vtd_record_frcd / VTD_FRCD_* (hw/i386/intel_iommu_internal.h): lo = page address; hi = SID |
        // PP (1 << 31) | FR << 32 | PV << 40 | T (1 << 62, reads) | F (1 << 63). SID 0x0010, PASID 5, FR = 0x71.
        const ulong lo = 0xDEAD_B000UL;
        const ulong hi = 0x10UL | (1UL << 31) | (0x71UL << 32) | (5UL << 40) | (1UL << 62) | (1UL << 63);
        Assert.Equal(0xC000_0571_8000_0010UL, hi);

        var r = FaultRecord.FromWords(new ulong[] { lo, hi });
        Assert.Equal(0xDEAD_B000UL, r.FaultInfo);
        Assert.Equal(0x10, r.SourceId);
        Assert.True(r.PasidPresent);
        Assert.Equal(FaultReason.ScalableFirstStagePagingEntryNotPresent, r.Reason);
        Assert.Equal(5u, r.PasidValue);
        Assert.True(r.T1);
        Assert.False(r.T2);
        Assert.Equal(FaultRequestType.Read, r.RequestType);
        Assert.True(r.Fault);
        ViolationAssert.Valid(r.Validate());

        var built = default(FaultRecord);
        built.FaultInfo = 0xDEAD_B000;
        built.SourceId = 0x10;
        built.PasidPresent = true;
        built.Reason = FaultReason.ScalableFirstStagePagingEntryNotPresent;
        built.PasidValue = 5;
        built.RequestType = FaultRequestType.Read;
        built.Fault = true;
        Assert.Equal(lo, built.GetWord(0));
        Assert.Equal(hi, built.GetWord(1));
    }

    [Fact]
    public void Linux_reads_a_20_bit_pasid_value()
    {
        // Linux dma_frcd_pasid_value = (dword at +12 >> 8) & 0xfffff: PV is bits 104..123.
        var r = FaultRecord.FromWords(new ulong[] { 0UL, 0xF_FFFFUL << 40 });
        Assert.Equal(0xF_FFFFu, r.PasidValue);
    }

    [Theory]
    [InlineData(false, false, FaultRequestType.Write)]
    [InlineData(false, true, FaultRequestType.Read)]
    [InlineData(true, false, FaultRequestType.PageRequest)]
    [InlineData(true, true, FaultRequestType.AtomicOp)]
    public void Request_type_follows_t2_and_t1_as_edk2_documents_them(bool t2, bool t1, FaultRequestType expected)
    {
        // EDK2 Vtd.h: T2 "0: Write/Read, 1: Page/AtomicOp" (bit 92), T1 "0: Write/Page, 1: Read/AtomicOp" (bit 126).
        var hi = (t2 ? 1UL << 28 : 0) | (t1 ? 1UL << 62 : 0);
        Assert.Equal(expected, FaultRecord.FromWords(new ulong[] { 0UL, hi }).RequestType);
    }

    // Codes from Linux dma_remap_fault_reasons / dma_remap_sm_fault_reasons / irq_remap_fault_reasons
    // (drivers/iommu/intel/dmar.c), QEMU enum VTDFaultReason and VirtualBox VTDADDRFAULT/VTDINTRFAULT.
    [Theory]
    [InlineData(FaultReason.RootEntryNotPresent, 0x01)]
    [InlineData(FaultReason.ContextEntryInvalid, 0x03)]
    [InlineData(FaultReason.RootTableAccessError, 0x08)]
    [InlineData(FaultReason.PagingEntryReservedBitSet, 0x0C)]
    [InlineData(FaultReason.OutputInInterruptAddressRange, 0x0E)]
    [InlineData(FaultReason.InterruptRequestReservedBitSet, 0x20)]
    [InlineData(FaultReason.InterruptSourceIdVerificationFailed, 0x26)]
    [InlineData(FaultReason.ScalableRequestWithPasidInLegacyMode, 0x31)]
    [InlineData(FaultReason.ScalableRootEntryNotPresent, 0x39)]
    [InlineData(FaultReason.ScalablePageRequestDisabled, 0x47)]
    [InlineData(FaultReason.ScalablePasidDirectoryEntryNotPresent, 0x51)]
    [InlineData(FaultReason.ScalablePasidEntryAccessError, 0x58)]
    [InlineData(FaultReason.ScalablePasidEntryNotPresent, 0x59)]
    [InlineData(FaultReason.ScalablePasidEntryReservedBitSet, 0x5A)]
    [InlineData(FaultReason.ScalablePasidEntryInvalid, 0x5B)]
    [InlineData(FaultReason.ScalableFirstStagePagingEntryAccessError, 0x70)]
    [InlineData(FaultReason.ScalableFirstStagePagingEntryNotPresent, 0x71)]
    [InlineData(FaultReason.ScalableFirstStageRootAccessError, 0x73)]
    [InlineData(FaultReason.ScalableSecondStagePagingEntryReservedBitSet, 0x7A)]
    [InlineData(FaultReason.ScalableNonCanonicalAddress, 0x80)]
    [InlineData(FaultReason.ScalableUserAccessToSupervisorPage, 0x81)]
    [InlineData(FaultReason.ScalableWriteDenied, 0x85)]
    [InlineData(FaultReason.ScalableOutputInInterruptAddressRange, 0x87)]
    [InlineData(FaultReason.ScalableFirstStageAccessedDirtyWithoutSnoop, 0x90)]
    [InlineData(FaultReason.ScalableFirstStageAccessedDirtyUpdateFailed, 0x91)]
    public void Fault_reason_codes_match_the_sources(FaultReason reason, int code) => Assert.Equal(code, (int)reason);

    [Fact]
    public void Fault_reason_enum_has_exactly_the_codes_of_the_sources()
    {
        // Legacy 0x01..0x0E; IR 0x20..0x29; SM 0x30..0x33, 0x38..0x3A, 0x40..0x48, 0x50..0x52, 0x58..0x5D,
        // 0x70..0x7D, 0x80..0x89, 0x90..0x91 (reference notes section 8.1).
        static int[] Range(int lo, int hi) => Enumerable.Range(lo, hi - lo + 1).ToArray();
        var expected = new[]
        {
            Range(0x01, 0x0E), Range(0x20, 0x29), Range(0x30, 0x33), Range(0x38, 0x3A), Range(0x40, 0x48),
            Range(0x50, 0x52), Range(0x58, 0x5D), Range(0x70, 0x7D), Range(0x80, 0x89), Range(0x90, 0x91),
        }.SelectMany(r => r).ToArray();

        var actual = Enum.GetValues<FaultReason>().Select(r => (int)r).OrderBy(c => c).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_fault_reason_has_its_own_description()
    {
        var descriptions = Enum.GetValues<FaultReason>().Select(FaultReasons.Describe).ToArray();
        Assert.All(descriptions, d => Assert.DoesNotContain("unknown", d, StringComparison.Ordinal));
        Assert.Equal(descriptions.Length, descriptions.Distinct(StringComparer.Ordinal).Count());
        Assert.All(Enum.GetValues<FaultReason>(), r => Assert.True(FaultReasons.IsDefined((byte)r)));
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x0F)]
    [InlineData(0x2A)]
    [InlineData(0x34)]
    [InlineData(0x92)]
    [InlineData(0xFF)]
    public void Codes_outside_the_table_are_unknown(int code)
    {
        Assert.False(FaultReasons.IsDefined((byte)code));
        Assert.Equal($"unknown fault reason 0x{code:X2}", FaultReasons.Describe((byte)code));
    }

    [Fact]
    public void Fault_reason_families()
    {
        Assert.True(FaultReasons.IsInterruptRemapping(0x22));
        Assert.False(FaultReasons.IsInterruptRemapping(0x02));
        Assert.True(FaultReasons.IsScalableMode(0x5A));
        Assert.False(FaultReasons.IsScalableMode(0x0A));
        Assert.False(FaultReasons.IsScalableMode(0x34));
        Assert.Equal("scalable mode: reserved field set in PASID-table entry", FaultReasons.Describe(FaultReason.ScalablePasidEntryReservedBitSet));
    }
}
