using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Vtd;

/// <summary>
/// Every fault reason the model raises, each from a minimal setup, with the full FRCD record read back through
/// MMIO. Which condition gives which code is taken from the reason strings of Linux drivers/iommu/intel/dmar.c
/// (dma_remap_fault_reasons, dma_remap_sm_fault_reasons) and QEMU's enum VTDFaultReason and the walk in
/// hw/i386/intel_iommu.c (vtd_iova_to_sspte / vtd_iova_to_fspte), as summarised in shared/reference/vtd.md §7–§8.
/// </summary>
public sealed class FaultReasonMatrixTests
{
    private static readonly ushort Device = VtdTestBed.Sid(0, 3, 0);

    [Theory]
    [InlineData(0x01)] [InlineData(0x02)] [InlineData(0x03)] [InlineData(0x04)] [InlineData(0x05)] [InlineData(0x06)]
    [InlineData(0x07)] [InlineData(0x08)] [InlineData(0x09)] [InlineData(0x0A)] [InlineData(0x0B)] [InlineData(0x0C)]
    [InlineData(0x0E)] [InlineData(0x31)]
    public void Legacy_mode_reason(int code)
    {
        var bed = new VtdTestBed(scalable: false);
        var request = SetUpLegacy(bed, code);
        AssertFault(bed, request, code);
    }

    [Theory]
    [InlineData(0x30)] [InlineData(0x38)] [InlineData(0x39)] [InlineData(0x3A)] [InlineData(0x40)] [InlineData(0x41)]
    [InlineData(0x42)] [InlineData(0x43)] [InlineData(0x45)] [InlineData(0x46)] [InlineData(0x48)] [InlineData(0x50)]
    [InlineData(0x51)] [InlineData(0x52)] [InlineData(0x58)] [InlineData(0x59)] [InlineData(0x5A)] [InlineData(0x5B)]
    [InlineData(0x5C)] [InlineData(0x5D)] [InlineData(0x70)] [InlineData(0x71)] [InlineData(0x72)] [InlineData(0x73)]
    [InlineData(0x74)] [InlineData(0x75)] [InlineData(0x76)] [InlineData(0x77)] [InlineData(0x78)] [InlineData(0x7A)]
    [InlineData(0x7B)] [InlineData(0x80)] [InlineData(0x81)] [InlineData(0x82)] [InlineData(0x83)] [InlineData(0x85)]
    [InlineData(0x86)] [InlineData(0x87)] [InlineData(0x91)]
    public void Scalable_mode_reason(int code)
    {
        var bed = new VtdTestBed(scalable: true);
        var request = SetUpScalable(bed, code);
        AssertFault(bed, request, code);
    }

    [Fact]
    public void Fpd_suppresses_a_qualified_fault()
    {
        // 0x06 is in QEMU's vtd_qualified_faults[]: with the context's FPD set it is not recorded.
        var bed = new VtdTestBed(scalable: false);
        var tables = LegacyTables(bed);
        bed.LegacyContext(Device, tables.RootAddress, 4, did: 1, fpd: true);
        bed.Enable();
        var t = bed.Translate(Device, 0x3000, AccessKind.Read);
        Assert.Equal(FaultReason.ReadNotPermitted, t.Reason);
        Assert.False(t.Recorded);
        Assert.False(bed.ReadFrcd(0).Fault);
        Assert.Equal(0u, bed.Fsts & 2);
    }

    [Fact]
    public void Fpd_does_not_suppress_an_unqualified_fault()
    {
        // 0x58 (PASID-table access error) is not qualified (QEMU): recorded even with FPD in the context.
        var bed = new VtdTestBed(scalable: true);
        bed.ScalableContext(Device, fpd: true);
        var pte = bed.PasidEntryAddress(Device, 0);
        bed.Memory.AddFaultRegion(pte & ~0xFFFUL, 4096, MemoryFaults.Read);
        bed.Enable();
        var t = bed.Translate(Device, 0x1000);
        Assert.Equal(FaultReason.ScalablePasidEntryAccessError, t.Reason);
        Assert.True(t.Recorded);
    }

    [Fact]
    public void Pasid_directory_fpd_is_honoured_even_when_not_present()
    {
        // QEMU vtd_ce_get_pasid_fpd reads FPD from a non-present directory entry; 0x51 is qualified.
        var bed = new VtdTestBed(scalable: true);
        bed.ScalableContext(Device);
        Assert.True(bed.Memory.TryWriteUInt64(bed.PasidDirectoryEntryAddress(Device, 0x1000), 2)); // FPD, P = 0
        bed.Enable();
        var t = bed.Translate(Device, 0x1000, pasid: 0x1000);
        Assert.Equal(FaultReason.ScalablePasidDirectoryEntryNotPresent, t.Reason);
        Assert.False(t.Recorded);
    }

    private static void AssertFault(VtdTestBed bed, VtdRequest request, int code)
    {
        var t = bed.Vtd.Translate(request);
        Assert.Equal(VtdOutcome.Faulted, t.Outcome);
        Assert.Equal((FaultReason)code, t.Reason);
        Assert.True(t.Recorded);

        var frcd = bed.ReadFrcd(0);
        Assert.True(frcd.Fault);
        Assert.Equal(code, frcd.Fr);
        Assert.Equal(request.SourceId, frcd.SourceId);
        Assert.Equal(request.Address & ~0xFFFUL, frcd.FaultInfo);
        Assert.Equal(request.Pasid.HasValue, frcd.PasidPresent);
        Assert.Equal(request.Pasid ?? 0, frcd.PasidValue);
        Assert.Equal(!request.IsWrite, frcd.T1); // Linux dma_frcd_type: set for reads
        Assert.False(frcd.T2);
        Assert.Equal(request.Privileged, frcd.Privilege);
        Assert.Equal(request.Execute, frcd.Execute);
        Assert.Equal(t.Record, frcd);

        // FSTS: PPF with FRI = 0 (Linux dmar_fault starts at FRI); the second register is still empty.
        var fsts = FaultStatusRegister.FromWords([bed.Fsts]);
        Assert.True(fsts.PrimaryPendingFault);
        Assert.Equal(0, fsts.FaultRecordIndex);
        Assert.False(fsts.PrimaryFaultOverflow);
        Assert.False(bed.ReadFrcd(1).Fault);
    }

    private static VtdPageTableBuilder LegacyTables(VtdTestBed bed, int levels = 4)
    {
        var tables = bed.Tables(VtdTableFormat.SecondStage, levels);
        tables.Map(0x1000, 0x5000_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        tables.Map(0x2000, 0x5000_1000, 0x1000, IommuProt.Read);
        tables.Map(0x3000, 0x5000_2000, 0x1000, IommuProt.Write);
        tables.Map(0x4000, 0xFEE0_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        return tables;
    }

    private static VtdRequest Req(ulong address, AccessKind access = AccessKind.Read, uint? pasid = null, bool privileged = false, bool execute = false, ushort? sid = null) =>
        new(sid ?? Device, address, access, pasid, privileged, execute);

    private static VtdRequest SetUpLegacy(VtdTestBed bed, int code)
    {
        var tables = LegacyTables(bed, code == 0x04 ? 3 : 4);
        bed.LegacyContext(Device, tables.RootAddress, tables.Levels, did: 1, tt: code == 0x03 ? (ContextTranslationType)3 : ContextTranslationType.MultiLevel);
        bed.Enable();
        var contextAddress = bed.ContextEntryAddress(Device);
        switch (code)
        {
            case 0x01: return Req(0x1000, sid: VtdTestBed.Sid(5, 0, 0));
            case 0x02: return Req(0x1000, sid: VtdTestBed.Sid(0, 4, 0));
            case 0x03: return Req(0x1000);
            case 0x04: return Req(1UL << 40);
            case 0x05: return Req(0x2000, AccessKind.Write);
            case 0x06: return Req(0x3000);
            case 0x07:
                bed.Memory.AddFaultRegion(tables.FindEntryAddress(0x1000, 3)!.Value & ~0xFFFUL, 4096, MemoryFaults.Read);
                return Req(0x1000);
            case 0x08:
                bed.Memory.AddFaultRegion(VtdTestBed.RootTable, 4096, MemoryFaults.Read);
                return Req(0x1000);
            case 0x09:
                bed.Memory.AddFaultRegion(contextAddress & ~0xFFFUL, 4096, MemoryFaults.Read);
                return Req(0x1000);
            case 0x0A:
                SetBits(bed, VtdTestBed.RootTable, 1UL << 1);
                return Req(0x1000);
            case 0x0B:
                SetBits(bed, contextAddress + 8, 1UL << 7); // bit 71
                return Req(0x1000);
            case 0x0C:
                SetBits(bed, tables.RootAddress, 1UL << 11); // SNP in a non-leaf entry (QEMU vtd_spte_rsvd[4])
                return Req(0x1000);
            case 0x0E: return Req(0x4000);
            case 0x31: return Req(0x1000, pasid: 5);
            default: throw new Xunit.Sdk.XunitException($"no legacy setup for 0x{code:x2}");
        }
    }

    private static VtdRequest SetUpScalable(VtdTestBed bed, int code)
    {
        var ss = LegacyTables(bed);
        var fs = bed.Tables(VtdTableFormat.FirstStage, 4);
        fs.Map(0x1000, 0x5000_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        fs.Map(0x2000, 0x5000_1000, 0x1000, IommuProt.Read);
        fs.Map(0x4000, 0xFEE0_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        fs.Map(0x5000, 0x5000_3000, 0x1000, IommuProt.Read | IommuProt.Write, user: false);
        fs.Map(0x6000, 0x5000_4000, 0x1000, IommuProt.Read | IommuProt.NoExec);

        var pdts = code is 0x46 or 0x48 ? 0 : 7;
        bed.ScalableContext(Device, pdts, pasidEnable: code != 0x45, ridPasid: code == 0x48 ? 0x10000u : 0);
        bed.SetPasidEntry(Device, 0, VtdTestBed.SecondStageEntry(ss.RootAddress, 4, did: 1));
        bed.SetPasidEntry(Device, 5, VtdTestBed.FirstStageEntry(fs.RootAddress, 4, did: 2));
        var withEre = VtdTestBed.FirstStageEntry(fs.RootAddress, 4, did: 2);
        withEre.ExecuteRequestEnable = true;
        bed.SetPasidEntry(Device, 7, withEre);
        bed.Enable(code == 0x30 ? (RootTableTranslationMode)2 : null);
        var contextAddress = bed.ContextEntryAddress(Device);
        switch (code)
        {
            case 0x30: return Req(0x1000);
            case 0x38:
                bed.Memory.AddFaultRegion(VtdTestBed.RootTable, 4096, MemoryFaults.Read);
                return Req(0x1000);
            case 0x39: return Req(0x1000, sid: VtdTestBed.Sid(5, 0, 0));
            case 0x3A:
                SetBits(bed, VtdTestBed.RootTable, 1UL << 1);
                return Req(0x1000);
            case 0x40:
                bed.Memory.AddFaultRegion(contextAddress & ~0xFFFUL, 4096, MemoryFaults.Read);
                return Req(0x1000);
            case 0x41: return Req(0x1000, sid: VtdTestBed.Sid(0, 4, 0));
            case 0x42:
                SetBits(bed, contextAddress, 1UL << 5);
                return Req(0x1000);
            case 0x43:
                SetBits(bed, contextAddress + 8, 1UL << 20); // RID_PRIV (bit 84) without ECAP.RPRIVS
                return Req(0x1000);
            case 0x45: return Req(0x1000, pasid: 5);
            case 0x46: return Req(0x1000, pasid: 0x10000); // directory of 2^7 entries covers PASIDs below 2^13
            case 0x48: return Req(0x1000);
            case 0x50:
                bed.Memory.AddFaultRegion(bed.PasidDirectoryEntryAddress(Device, 0) & ~0xFFFUL, 4096, MemoryFaults.Read);
                return Req(0x1000);
            case 0x51: return Req(0x1000, pasid: 0x1000);
            case 0x52:
                SetBits(bed, bed.PasidDirectoryEntryAddress(Device, 0), 1UL << 2);
                return Req(0x1000);
            case 0x58:
                bed.Memory.AddFaultRegion(bed.PasidEntryAddress(Device, 0) & ~0xFFFUL, 4096, MemoryFaults.Read);
                return Req(0x1000);
            case 0x59: return Req(0x1000, pasid: 9);
            case 0x5A:
                SetBits(bed, bed.PasidEntryAddress(Device, 5), 1UL << 10);
                return Req(0x1000, pasid: 5);
            case 0x5B:
                ClearBits(bed, bed.PasidEntryAddress(Device, 5), 7UL << 6); // PGTT = 0 with P = 1
                return Req(0x1000, pasid: 5);
            case 0x5C: return Req(0x1000, pasid: 5, execute: true);
            case 0x5D: return Req(0x1000, pasid: 5, privileged: true);
            case 0x70:
                bed.Memory.AddFaultRegion(fs.FindEntryAddress(0x1000, 3)!.Value & ~0xFFFUL, 4096, MemoryFaults.Read);
                return Req(0x1000, pasid: 5);
            case 0x71: return Req(0x9000, pasid: 5);
            case 0x72:
                SetBits(bed, fs.RootAddress, 1UL << 7); // PS in a PML4 entry (QEMU vtd_fpte_rsvd[4])
                return Req(0x1000, pasid: 5);
            case 0x73:
                bed.Memory.AddFaultRegion(fs.RootAddress, 4096, MemoryFaults.Read);
                return Req(0x1000, pasid: 5);
            case 0x74:
            case 0x75:
            case 0x76:
            case 0x77:
            case 0x78:
                return SetUpNested(bed, code);
            case 0x7A:
                SetBits(bed, ss.RootAddress, 1UL << 11);
                return Req(0x1000);
            case 0x7B:
                bed.Memory.AddFaultRegion(ss.RootAddress, 4096, MemoryFaults.Read);
                return Req(0x1000);
            case 0x80: return Req(0x0000_8000_0000_0000UL, pasid: 5);
            case 0x81: return Req(0x5000, pasid: 5);
            case 0x82: return Req(0x6000, pasid: 7, execute: true);
            case 0x83: return Req(1UL << 50);
            case 0x85: return Req(0x2000, AccessKind.Write, pasid: 5);
            case 0x86: return Req(0x3000);
            case 0x87: return Req(0x4000, pasid: 5);
            case 0x91:
                bed.Memory.AddFaultRegion(fs.FindEntryAddress(0x1000, 1)!.Value & ~0xFFFUL, 4096, MemoryFaults.Write);
                return Req(0x1000, pasid: 5);
            default: throw new Xunit.Sdk.XunitException($"no scalable setup for 0x{code:x2}");
        }
    }

    /// <summary>
    /// PASID 6 is nested: first-stage tables at guest-physical 0x100_0000.. (host-physical = GPA + 0x4000_0000),
    /// a second stage that maps them with the permissions each case needs.
    /// </summary>
    private static VtdRequest SetUpNested(VtdTestBed bed, int code)
    {
        const ulong gpaBase = 0x0100_0000;
        const ulong hpaOffset = 0x4000_0000;
        var ssLevels = code == 0x74 ? 3 : 4;
        var ss = bed.Tables(VtdTableFormat.SecondStage, ssLevels);
        var fsAllocator = new BumpTableAllocator(bed.Memory, gpaBase + hpaOffset, gpaBase + hpaOffset + 0x10_0000);
        var fs = new VtdPageTableBuilder(bed.Memory, new OffsetAllocator(fsAllocator, hpaOffset), VtdTableFormat.FirstStage, 4, a => a + hpaOffset);
        fs.Map(0x1000, 0x0800_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        ss.Map(0x0800_0000, 0x6000_0000, 0x1000, IommuProt.Read | IommuProt.Write);

        var rootGpa = fs.RootAddress;
        var l3Gpa = fs.FindEntryAddress(0x1000, 3)!.Value & ~0xFFFUL;
        for (var page = gpaBase; page < gpaBase + 0x4000; page += 0x1000)
        {
            var prot = code switch
            {
                0x75 when page == rootGpa => IommuProt.Write,
                0x76 when page == l3Gpa => IommuProt.Write,
                0x77 => IommuProt.Read,
                _ => IommuProt.Read | IommuProt.Write,
            };
            ss.Map(page, page + hpaOffset, 0x1000, prot);
        }

        var fsRoot = code == 0x74 ? 1UL << 40 : rootGpa; // beyond the 39-bit input of a 3-level second stage
        bed.SetPasidEntry(Device, 6, VtdTestBed.NestedEntry(fsRoot, 4, ss.RootAddress, ssLevels, did: 4));
        if (code == 0x78)
        {
            bed.Memory.AddFaultRegion(ss.FindEntryAddress(rootGpa, 3)!.Value & ~0xFFFUL, 4096, MemoryFaults.Read);
        }

        return Req(0x1000, pasid: 6);
    }

    private static void SetBits(VtdTestBed bed, ulong address, ulong bits)
    {
        Assert.True(bed.Memory.TryReadUInt64(address, out var v));
        Assert.True(bed.Memory.TryWriteUInt64(address, v | bits));
    }

    private static void ClearBits(VtdTestBed bed, ulong address, ulong bits)
    {
        Assert.True(bed.Memory.TryReadUInt64(address, out var v));
        Assert.True(bed.Memory.TryWriteUInt64(address, v & ~bits));
    }
}
