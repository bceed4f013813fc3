using System;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vmsa;

namespace IommuLayouts.Emulator.PageTables;

/// <summary>
/// Builds VMSAv8-64 translation tables in guest memory, in the spirit of Linux io-pgtable-arm.c: map a range
/// VA→PA (or IPA→PA) with given attributes, at stage 1 or stage 2, with any granule and start level (stage-2 start
/// tables concatenated when the input needs it), using blocks where the addresses and size allow when asked.
/// Tables come from an <see cref="ITableAllocator"/>. For tests, scenarios and users; not thread-safe.
/// </summary>
public sealed class Vmsa64PageTableBuilder
{
    private const ulong TypeAndValidMask = 3;

    private readonly IGuestMemory _memory;
    private readonly ITableAllocator _allocator;
    private readonly int _startIndexBits;

    /// <summary>
    /// A builder whose start table is allocated now. <paramref name="startLevel"/> defaults to the stage-1 rule
    /// (<see cref="VmsaGeometry.Stage1StartLevel"/>); a stage-2 table may start lower and concatenate up to 16 tables.
    /// </summary>
    public Vmsa64PageTableBuilder(IGuestMemory memory, ITableAllocator allocator, TranslationStage stage, TranslationGranule granule, int inputSize, int? startLevel = null)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(allocator);
        if (!VmsaGeometry.IsDefined(granule))
        {
            throw new ArgumentOutOfRangeException(nameof(granule), granule, "Give a 4K, 16K or 64K granule.");
        }

        if (stage is not (TranslationStage.Stage1 or TranslationStage.Stage2))
        {
            throw new ArgumentOutOfRangeException(nameof(stage), stage, "Give stage 1 or stage 2.");
        }

        if (inputSize is < 25 or > 48)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "The input size must be 25..48 bits (TxSZ 16..39).");
        }

        var level = startLevel ?? VmsaGeometry.Stage1StartLevel(granule, inputSize);
        var stride = VmsaGeometry.Stride(granule);
        var indexBits = level is >= 0 and <= 3 ? inputSize - VmsaGeometry.LevelShift(granule, level) : 0;
        var maxBits = stride + (stage == TranslationStage.Stage2 ? 4 : 0);
        if (indexBits < 1 || indexBits > maxBits)
        {
            throw new ArgumentOutOfRangeException(nameof(startLevel), startLevel, $"Start level {level} cannot resolve a {inputSize}-bit input with granule {granule} at stage {(int)stage}.");
        }

        _memory = memory;
        _allocator = allocator;
        Stage = stage;
        Granule = granule;
        InputSize = inputSize;
        StartLevel = level;
        _startIndexBits = indexBits;
        var rootSize = Math.Max(8UL << indexBits, 64UL);
        RootAddress = allocator.Allocate(rootSize, rootSize);
    }

    /// <summary>The stage the tables are for.</summary>
    public TranslationStage Stage { get; }

    /// <summary>The granule.</summary>
    public TranslationGranule Granule { get; }

    /// <summary>Input size in bits (64 − TxSZ).</summary>
    public int InputSize { get; }

    /// <summary>The level of the start table.</summary>
    public int StartLevel { get; }

    /// <summary>Address of the start table (TTBx / S2TTB).</summary>
    public ulong RootAddress { get; }

    /// <summary>A stage-1 walk configuration for these tables.</summary>
    public Stage1Config CreateStage1Config(int outputSize = 48)
    {
        RequireStage(TranslationStage.Stage1);
        return new Stage1Config(RootAddress, Granule, 64 - InputSize, outputSize);
    }

    /// <summary>A stage-2 walk configuration for these tables (SL0 encoding the start level).</summary>
    public Stage2Config CreateStage2Config(int outputSize = 48)
    {
        RequireStage(TranslationStage.Stage2);
        return Stage2Config.ForStartLevel(RootAddress, Granule, 64 - InputSize, StartLevel, outputSize);
    }

    /// <summary>Stage-1 leaf attributes as Linux arm_lpae_prot_to_pte builds them (nG, AP, AttrIndx, SH, XN, AF).</summary>
    public static S1LeafDescriptor Stage1Attributes(IommuProt prot)
    {
        var d = new S1LeafDescriptor
        {
            NG = true,
            ApReadOnly = (prot & IommuProt.Write) == 0 && (prot & IommuProt.Read) != 0,
            ApUnprivileged = (prot & IommuProt.Priv) == 0,
            AF = true,
        };

        // MAIR indices of io-pgtable-arm.c: ARM_LPAE_MAIR_ATTR_IDX_DEV 2, _CACHE 1, _NC 0.
        d.AttrIndx = (prot & IommuProt.Mmio) != 0 ? (byte)2 : (prot & IommuProt.Cache) != 0 ? (byte)1 : (byte)0;
        d.SH = (prot & IommuProt.Cache) != 0 ? Shareability.InnerShareable : Shareability.OuterShareable;
        d.PXN = d.UXN = (prot & IommuProt.NoExec) != 0;
        return d;
    }

    /// <summary>Stage-2 leaf attributes as Linux arm_lpae_prot_to_pte builds them (S2AP, MemAttr, SH, XN, AF).</summary>
    public static S2LeafDescriptor Stage2Attributes(IommuProt prot) => new()
    {
        S2ApRead = (prot & IommuProt.Read) != 0,
        S2ApWrite = (prot & IommuProt.Write) != 0,
        MemAttr = (prot & IommuProt.Mmio) != 0 ? (byte)0x1 : (prot & IommuProt.Cache) != 0 ? (byte)0xF : (byte)0x5,
        SH = (prot & IommuProt.Cache) != 0 ? Shareability.InnerShareable : Shareability.OuterShareable,
        XN = (prot & IommuProt.NoExec) != 0 ? (byte)3 : (byte)0,
        AF = true,
    };

    /// <summary>Maps <c>[va, va + size)</c> to <c>[pa, pa + size)</c> with stage-1 leaf attributes.</summary>
    public void Map(ulong va, ulong pa, ulong size, S1LeafDescriptor attributes, bool useBlocks = true, ulong tableAttributes = 0)
    {
        RequireStage(TranslationStage.Stage1);
        MapRaw(va, pa, size, attributes.Word, useBlocks, tableAttributes);
    }

    /// <summary>Maps <c>[ipa, ipa + size)</c> to <c>[pa, pa + size)</c> with stage-2 leaf attributes.</summary>
    public void Map(ulong ipa, ulong pa, ulong size, S2LeafDescriptor attributes, bool useBlocks = true)
    {
        RequireStage(TranslationStage.Stage2);
        MapRaw(ipa, pa, size, attributes.Word, useBlocks, 0);
    }

    /// <summary>Maps with Linux-style permissions (<see cref="Stage1Attributes"/> or <see cref="Stage2Attributes"/>).</summary>
    public void Map(ulong input, ulong pa, ulong size, IommuProt prot, bool useBlocks = true)
    {
        if (Stage == TranslationStage.Stage1)
        {
            Map(input, pa, size, Stage1Attributes(prot), useBlocks);
        }
        else
        {
            Map(input, pa, size, Stage2Attributes(prot), useBlocks);
        }
    }

    /// <summary>
    /// Maps a range with raw leaf attribute bits (the valid/type bits and the address field are supplied by the
    /// builder); <paramref name="tableAttributes"/> are ORed into every table descriptor the call creates.
    /// </summary>
    public void MapRaw(ulong input, ulong pa, ulong size, ulong leafAttributes, bool useBlocks, ulong tableAttributes)
    {
        var g = (int)Granule;
        var granuleMask = (1UL << g) - 1;
        if (((input | pa | size) & granuleMask) != 0 || size == 0)
        {
            throw new ArgumentException($"Addresses and size must be non-zero multiples of the {1UL << g}-byte granule (input 0x{input:x}, pa 0x{pa:x}, size 0x{size:x}).");
        }

        if (input + size < input || (input + size - 1) >> InputSize != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(input), $"0x{input:x}+0x{size:x} is outside the {InputSize}-bit input range.");
        }

        if (pa + size < pa || (pa + size - 1) >> 52 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pa), $"0x{pa:x}+0x{size:x} is beyond a 52-bit output address.");
        }

        var attributes = leafAttributes & ~(TypeAndValidMask | VmsaAddress.AddressMask);
        var remaining = size;
        while (remaining != 0)
        {
            var level = VmsaGeometry.LastLevel;
            if (useBlocks)
            {
                for (var l = Math.Max(StartLevel, 1); l < VmsaGeometry.LastLevel; l++)
                {
                    var blockSize = 1UL << VmsaGeometry.LevelShift(Granule, l);
                    if (VmsaGeometry.BlockAllowed(Granule, l) && ((input | pa) & (blockSize - 1)) == 0 && remaining >= blockSize)
                    {
                        level = l;
                        break;
                    }
                }
            }

            var slot = SlotFor(input, level, create: true, tableAttributes);
            if (!_memory.TryReadUInt64(slot, out var existing))
            {
                throw new InvalidOperationException($"Cannot read the descriptor at 0x{slot:x}.");
            }

            if ((existing & 1) != 0)
            {
                throw new InvalidOperationException($"0x{input:x} is already mapped at level {level} (descriptor 0x{existing:x} at 0x{slot:x}); unmap it first.");
            }

            var type = level == VmsaGeometry.LastLevel ? 3UL : 1UL;
            Write(slot, attributes | type | VmsaAddress.Encode(pa, g));
            var mapped = 1UL << VmsaGeometry.LevelShift(Granule, level);
            input += mapped;
            pa += mapped;
            remaining -= mapped;
        }
    }

    /// <summary>Makes the leaf for <paramref name="input"/> invalid (no TLB invalidation: that is the IOMMU driver's job).</summary>
    public void Unmap(ulong input)
    {
        for (var level = StartLevel; level <= VmsaGeometry.LastLevel; level++)
        {
            var slot = SlotFor(input, level, create: false, 0);
            if (slot == ulong.MaxValue)
            {
                break;
            }

            _memory.TryReadUInt64(slot, out var d);
            if ((d & 1) != 0 && (level == VmsaGeometry.LastLevel || (d & 2) == 0))
            {
                Write(slot, 0);
                return;
            }
        }

        throw new InvalidOperationException($"0x{input:x} is not mapped.");
    }

    /// <summary>
    /// The physical address of the descriptor that translates <paramref name="input"/> at <paramref name="level"/>,
    /// following existing tables (for tests that edit or corrupt a descriptor); null if no table reaches that level.
    /// </summary>
    public ulong? FindDescriptorAddress(ulong input, int level)
    {
        if (level < StartLevel || level > VmsaGeometry.LastLevel)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"Levels run from {StartLevel} to 3.");
        }

        var slot = SlotFor(input, level, create: false, 0);
        return slot == ulong.MaxValue ? null : slot;
    }

    private ulong SlotFor(ulong input, int targetLevel, bool create, ulong tableAttributes)
    {
        var g = (int)Granule;
        var table = RootAddress;
        var indexBits = _startIndexBits;
        for (var level = StartLevel; ; level++)
        {
            var shift = VmsaGeometry.LevelShift(Granule, level);
            var slot = table + (((input >> shift) & ((1UL << indexBits) - 1)) * 8);
            if (level == targetLevel)
            {
                return slot;
            }

            _memory.TryReadUInt64(slot, out var d);
            if ((d & 1) == 0)
            {
                if (!create)
                {
                    return ulong.MaxValue;
                }

                var granuleSize = 1UL << g;
                var next = _allocator.Allocate(granuleSize, granuleSize);
                d = (tableAttributes & ~(TypeAndValidMask | VmsaAddress.AddressMask)) | VmsaAddress.Encode(next, g) | 3;
                Write(slot, d);
            }
            else if ((d & 2) == 0)
            {
                if (!create)
                {
                    return ulong.MaxValue;
                }

                throw new InvalidOperationException($"0x{input:x} is inside a block mapped at level {level}; unmap it first.");
            }

            table = VmsaAddress.Decode(d, g) & ~((1UL << g) - 1);
            indexBits = VmsaGeometry.Stride(Granule);
        }
    }

    private void Write(ulong address, ulong value)
    {
        if (!_memory.TryWriteUInt64(address, value))
        {
            throw new InvalidOperationException($"Cannot write a descriptor at 0x{address:x}: the memory aborts writes there.");
        }
    }

    private void RequireStage(TranslationStage stage)
    {
        if (Stage != stage)
        {
            throw new InvalidOperationException($"This builder makes stage-{(int)Stage} tables, not stage {(int)stage}.");
        }
    }
}
