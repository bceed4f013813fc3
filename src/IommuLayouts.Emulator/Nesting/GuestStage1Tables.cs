using System;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Emulator.Nesting;

/// <summary>
/// A guest's stage-1 tables in its own physical memory (GVA → GPA), in the format of the host's IOMMU: an SMMUv3 CD
/// table with one CD and VMSAv8-64 stage-1 tables, or VT-d 4-level first-stage tables. What a guest driver builds
/// before asking for a bind; <see cref="BindConfig"/> gives the configuration to pass.
/// </summary>
public sealed class GuestStage1Tables
{
    private readonly Vmsa64PageTableBuilder? _vmsa;
    private readonly VtdPageTableBuilder? _vtd;
    private readonly HostStage2Domain _vm;

    /// <summary>Tables allocated in guest-physical [<paramref name="poolStart"/>, <paramref name="poolLimit"/>), which <paramref name="vm"/> must map.</summary>
    public GuestStage1Tables(HostStage2Domain vm, ulong poolStart, ulong poolLimit, ushort asid = 1)
    {
        ArgumentNullException.ThrowIfNull(vm);
        _vm = vm;
        Vendor = vm.Owner.Vendor;
        var allocator = new BumpTableAllocator(vm.GuestMemory, poolStart, poolLimit);
        if (Vendor == NestingVendor.Smmuv3)
        {
            BasePointer = allocator.Allocate(64, 64);
            _vmsa = new Vmsa64PageTableBuilder(vm.GuestMemory, allocator, TranslationStage.Stage1, TranslationGranule.Size4K, 48);

            // As Linux arm_smmu_make_s1_cd: 48-bit TTB0 region, EPD1, AA64, R (record), A (abort), the ASID.
            var cd = new ContextDescriptor
            {
                T0SZ = 16, TG0 = Tg0Granule.Size4K, IR0 = 1, OR0 = 1, SH0 = 3, EPD1 = true, V = true,
                IPS = IommuLayouts.Specs.Smmuv3.AddressSize.Bits48, AA64 = true, R = true, A = true, ASID = asid, TTB0 = _vmsa.RootAddress,
            };
            Span<ulong> w = stackalloc ulong[8];
            cd.CopyWordsTo(w);
            for (var i = 0; i < 8; i++)
            {
                vm.GuestMemory.TryWriteUInt64(BasePointer + ((ulong)i * 8), w[i]);
            }
        }
        else
        {
            _vtd = new VtdPageTableBuilder(vm.GuestMemory, allocator, VtdTableFormat.FirstStage, 4);
            BasePointer = _vtd.RootAddress;
        }
    }

    /// <summary>The format.</summary>
    public NestingVendor Vendor { get; }

    /// <summary>The table's GPA: the CD table (SMMUv3) or the first-stage root (VT-d).</summary>
    public ulong BasePointer { get; }

    /// <summary>The GPA of the stage-1 root table (CD.TTB0 / FSPTPTR).</summary>
    public ulong RootTable => _vmsa?.RootAddress ?? _vtd!.RootAddress;

    /// <summary>Maps <c>[gva, gva + size)</c> to <c>[gpa, ...)</c>; 2 MiB pages where both are aligned, user-accessible.</summary>
    public void Map(ulong gva, ulong gpa, ulong size, IommuProt prot)
    {
        if (_vmsa is not null)
        {
            _vmsa.Map(gva, gpa, size, prot);
        }
        else
        {
            var large = VtdPagingGeometry.LevelShift(2);
            _vtd!.Map(gva, gpa, size, prot, (gva | gpa | size) % (1UL << large) == 0 ? large : VtdPagingGeometry.PageShift);
        }
    }

    /// <summary>Makes the leaf for <paramref name="gva"/> invalid (the guest must then invalidate).</summary>
    public void Unmap(ulong gva)
    {
        if (_vmsa is not null)
        {
            _vmsa.Unmap(gva);
            return;
        }

        for (var level = 1; level <= 3; level++)
        {
            if (_vtd!.FindEntryAddress(gva, level) is { } slot && _vm.GuestMemory.TryReadUInt64(slot, out var e)
                && new FirstStagePageTableEntry(e) is { Present: true } pte && VtdPagingGeometry.IsLeaf(level, pte.PageSize))
            {
                _vm.GuestMemory.TryWriteUInt64(slot, 0);
                return;
            }
        }

        throw new InvalidOperationException($"GVA 0x{gva:x} is not mapped.");
    }

    /// <summary>
    /// The bind configuration for these tables: SMMUv3 as Linux arm_smmu_make_cdtable_ste fills the guest STE (V,
    /// Config, S1ContextPtr, S1CDMax 0, linear; word 1 S1CIR/S1COR = WBRA, S1CSH = ISH); VT-d 48-bit, no flags.
    /// </summary>
    public GuestStage1Config BindConfig(GuestStage1Mode mode = GuestStage1Mode.Translate)
    {
        if (Vendor == NestingVendor.Smmuv3)
        {
            var ste = default(StreamTableEntry);
            ste.V = true;
            ste.Config = mode switch { GuestStage1Mode.Abort => SteConfig.Abort, GuestStage1Mode.Bypass => SteConfig.Bypass, _ => SteConfig.S1Translate };
            if (mode == GuestStage1Mode.Translate)
            {
                ste.S1ContextPtr = BasePointer;
                ste.S1CIR = ste.S1COR = CacheWriteBackReadAllocate;
                ste.S1CSH = InnerShareable;
            }

            return GuestStage1Config.ForSmmuv3(ste.GetWord(0), ste.GetWord(1));
        }

        return GuestStage1Config.ForVtd(BasePointer, mode);
    }

    // STE S1CIR/S1COR = 0b01, write-back read-allocate; S1CSH = 0b11, inner shareable (Linux arm_smmu_make_cdtable_ste:
    // STRTAB_STE_1_S1C_CACHE_WBRA, ARM_SMMU_SH_ISH).
    private const byte CacheWriteBackReadAllocate = 1;
    private const byte InnerShareable = 3;
}
