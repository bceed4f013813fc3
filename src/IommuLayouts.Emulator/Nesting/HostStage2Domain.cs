using System;
using System.Collections.Generic;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Emulator.Nesting;

/// <summary>
/// The host's stage-2 domain of a VM (GPA → HPA), built in the device's format: a VMSAv8-64 stage-2 table for SMMUv3
/// (tagged by its VMID) or a VT-d second-stage table (tagged by its DID). Create it with
/// <see cref="NestingIommu.CreateStage2Domain"/>; it is the iommufd nesting parent (IOMMU_HWPT_ALLOC_NEST_PARENT).
/// </summary>
public sealed class HostStage2Domain
{
    private readonly List<Stage2Mapping> _mappings = [];
    private readonly Vmsa64PageTableBuilder? _vmsa;
    private readonly VtdPageTableBuilder? _vtd;
    private readonly bool _vtdLargePages;

    internal HostStage2Domain(NestingIommu owner, ushort id, int ipaBits, ITableAllocator allocator, bool vtdLargePages)
    {
        Owner = owner;
        Id = id;
        IpaBits = ipaBits;
        _vtdLargePages = vtdLargePages;
        if (owner.Vendor == NestingVendor.Smmuv3)
        {
            // Start level as Linux io-pgtable-arm picks for stage 2 (arm_64_lpae_alloc_pgtable_s2 concatenates at most
            // 16 start tables): the stage-1 rule is always resolvable at stage 2 too.
            _vmsa = new Vmsa64PageTableBuilder(owner.Memory, allocator, TranslationStage.Stage2, TranslationGranule.Size4K, ipaBits);
            RootAddress = _vmsa.RootAddress;
            StartLevel = _vmsa.StartLevel;
        }
        else
        {
            _vtd = new VtdPageTableBuilder(owner.Memory, allocator, VtdTableFormat.SecondStage, (ipaBits - 12) / 9);
            RootAddress = _vtd.RootAddress;
            StartLevel = _vtd.Levels;
        }

        GuestMemory = new GuestPhysicalMemory(this);
    }

    /// <summary>The IOMMU the domain belongs to.</summary>
    public NestingIommu Owner { get; }

    /// <summary>The VMID (SMMUv3) or DID (VT-d) tagging this domain's translations.</summary>
    public ushort Id { get; }

    /// <summary>Guest-physical address bits (SMMUv3: 64 − S2T0SZ; VT-d: the AGAW, 39/48/57).</summary>
    public int IpaBits { get; }

    /// <summary>Host-physical address of the top-level table (S2TTB / SSPTPTR).</summary>
    public ulong RootAddress { get; }

    /// <summary>SMMUv3: the VMSA start level; VT-d: the number of levels.</summary>
    public int StartLevel { get; }

    /// <summary>The guest's physical address space as it sees it (reads and writes go through this domain's mappings).</summary>
    public IGuestMemory GuestMemory { get; }

    /// <summary>The mapped ranges, in the order they were mapped.</summary>
    public IReadOnlyList<Stage2Mapping> Mappings => _mappings;

    /// <summary>
    /// Maps <c>[gpa, gpa + size)</c> to <c>[hpa, ...)</c> with <paramref name="prot"/> (Read/Write; NoExec). 4 KiB
    /// aligned; 2 MiB blocks where both sides allow them.
    /// </summary>
    public void Map(ulong gpa, ulong hpa, ulong size, IommuProt prot)
    {
        if ((gpa | hpa | size) % SparseGuestMemory.PageSize != 0 || size == 0)
        {
            throw new ArgumentException($"GPA 0x{gpa:x}, HPA 0x{hpa:x} and size 0x{size:x} must be non-zero multiples of 4 KiB.", nameof(size));
        }

        if (IpaBits < 64 && (gpa + size - 1) >> IpaBits != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(gpa), $"GPA range 0x{gpa:x}+0x{size:x} exceeds the domain's {IpaBits}-bit IPA space.");
        }

        foreach (var m in _mappings)
        {
            if (gpa < m.Gpa + m.Size && m.Gpa < gpa + size)
            {
                throw new ArgumentException($"GPA range 0x{gpa:x}+0x{size:x} overlaps the mapping at 0x{m.Gpa:x}.", nameof(gpa));
            }
        }

        if (_vmsa is not null)
        {
            _vmsa.Map(gpa, hpa, size, prot);
        }
        else
        {
            var large = VtdPagingGeometry.LevelShift(2);
            var big = _vtdLargePages && (gpa | hpa | size) % (1UL << large) == 0;
            _vtd!.Map(gpa, hpa, size, prot, big ? large : VtdPagingGeometry.PageShift);
        }

        _mappings.Add(new Stage2Mapping(gpa, hpa, size, prot));
    }

    /// <summary>Unmaps a range mapped by one <see cref="Map"/> call, then invalidates the IOMMU's caches of this domain as a driver would.</summary>
    public void Unmap(ulong gpa, ulong size)
    {
        var index = _mappings.FindIndex(m => m.Gpa == gpa && m.Size == size);
        if (index < 0)
        {
            throw new ArgumentException($"No mapping of 0x{size:x} bytes at GPA 0x{gpa:x} (unmap exactly what was mapped).", nameof(gpa));
        }

        for (var a = gpa; a < gpa + size;)
        {
            a += ClearLeaf(a);
        }

        _mappings.RemoveAt(index);
        Owner.InvalidateStage2(this);
    }

    /// <summary>The HPA and permissions of <paramref name="gpa"/> by the domain's mappings (software view, no walk).</summary>
    public bool TryTranslate(ulong gpa, out ulong hpa, out IommuProt prot)
    {
        foreach (var m in _mappings)
        {
            if (gpa >= m.Gpa && gpa - m.Gpa < m.Size)
            {
                hpa = m.Hpa + (gpa - m.Gpa);
                prot = m.Prot;
                return true;
            }
        }

        hpa = 0;
        prot = IommuProt.None;
        return false;
    }

    private ulong ClearLeaf(ulong gpa)
    {
        var memory = Owner.Memory;
        if (_vmsa is not null)
        {
            for (var level = _vmsa.StartLevel; level <= 3; level++)
            {
                if (_vmsa.FindDescriptorAddress(gpa, level) is not { } slot || !memory.TryReadUInt64(slot, out var d) || (d & 1) == 0)
                {
                    break;
                }

                if (level == 3 || (d & 2) == 0)
                {
                    memory.TryWriteUInt64(slot, 0);
                    return 1UL << VmsaGeometry.LevelShift(TranslationGranule.Size4K, level);
                }
            }

            return SparseGuestMemory.PageSize;
        }

        for (var level = _vtd!.Levels; level >= 1; level--)
        {
            if (_vtd.FindEntryAddress(gpa, level) is not { } slot || !memory.TryReadUInt64(slot, out var e) || new SecondStagePageTableEntry(e) is not { IsPresent: true } pte)
            {
                break;
            }

            // A leaf: level 1, or PS at level 2/3 (Linux dma_pte_superpage).
            if (VtdPagingGeometry.IsLeaf(level, pte.PageSize))
            {
                memory.TryWriteUInt64(slot, 0);
                return 1UL << VtdPagingGeometry.LevelShift(level);
            }
        }

        return SparseGuestMemory.PageSize;
    }
}
