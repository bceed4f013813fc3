using System;
using System.Collections.Generic;
using System.Globalization;
using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Emulator.Nesting.Vtd;

/// <summary>
/// A VT-d host driver with nesting over an <see cref="VtdRemappingUnit"/> model in scalable mode: root and scalable context
/// entries, PASID directories and tables written by the host, a 256-bit invalidation queue, translation enabled.
/// </summary>
public sealed class VtdNestingIommu : NestingIommu
{
    private const int QueueEntries = 128; // IQA.QS = 0 with DW = 1: 4 KiB of 256-bit descriptors.
    private readonly ulong _rootTable;
    private readonly ulong _queue;
    private readonly Dictionary<int, ulong> _contextTables = [];
    private readonly Dictionary<ushort, ulong> _pasidDirectories = [];
    private readonly Dictionary<(ushort, uint), ulong> _pasidTables = [];
    private int _tail;

    /// <summary>A host over a new VT-d unit (null capabilities: everything) on <paramref name="memory"/> (null: new sparse memory).</summary>
    public VtdNestingIommu(VtdCapabilities? capabilities = null, VtdCacheOptions? caches = null, IGuestMemory? memory = null)
        : base(memory ?? new SparseGuestMemory(), 0x4000_0000, 0x6000_0000)
    {
        Device = new VtdRemappingUnit(Memory, capabilities, caches);
        _rootTable = HostAllocator.Allocate(4096, 4096);
        _queue = HostAllocator.Allocate(4096, 4096);

        // Linux dmar_enable_qi, then iommu_set_root_entry (RTADDR with TTM = scalable, SRTP), then TE.
        W64(VtdRegisterMap.InvalidationQueueAddress, new InvalidationQueueAddressRegister { QueueBase = _queue, WideDescriptors = true, QueueSize = 0 }.Word);
        W64(VtdRegisterMap.InvalidationQueueTail, 0);
        W32(VtdRegisterMap.GlobalCommand, (uint)new GlobalCommandRegister { QueuedInvalidationEnable = true }.Word);
        W64(VtdRegisterMap.RootTableAddress, new RootTableAddressRegister { RootTableAddress = _rootTable, TranslationTableMode = RootTableTranslationMode.Scalable }.Word);
        W32(VtdRegisterMap.GlobalCommand, (uint)new GlobalCommandRegister { QueuedInvalidationEnable = true, SetRootTablePointer = true }.Word);
        W32(VtdRegisterMap.GlobalCommand, (uint)new GlobalCommandRegister { QueuedInvalidationEnable = true, TranslationEnable = true }.Word);
        var status = new GlobalStatusRegister(Device.ReadRegister(VtdRegisterMap.GlobalStatus, 32));
        if (!status.TranslationEnableStatus || !status.QueuedInvalidationEnableStatus)
        {
            throw new InvalidOperationException("The VT-d model did not enable translation and queued invalidation.");
        }
    }

    /// <summary>The device model.</summary>
    public VtdRemappingUnit Device { get; }

    /// <inheritdoc/>
    public override NestingVendor Vendor => NestingVendor.IntelVtd;

    /// <inheritdoc/>
    public override int HostPasidBits => Device.Capabilities.Pasid ? Device.Capabilities.PasidBits : 0;

    /// <inheritdoc/>
    protected override LayoutInfo EntryLayout => PasidEntry.Layout;

    /// <inheritdoc/>
    protected override ulong TableAlignment => 4096;

    /// <inheritdoc/>
    protected override string PasidBitsSource => "ECAP.PSS + 1";

    /// <inheritdoc/>
    protected override bool LargeStage2Pages => Device.Capabilities.SecondStage2MPages;

    /// <summary>Host-physical address of the PASID entry of (source id, PASID), creating its tables if needed.</summary>
    public ulong PasidEntryAddress(ushort sourceId, uint pasid)
    {
        var dir = PasidDirectory(sourceId);
        var dirIndex = (uint)PasidDirectoryEntry.IndexOf(pasid);
        if (!_pasidTables.TryGetValue((sourceId, dirIndex), out var table))
        {
            table = HostAllocator.Allocate(4096, 4096);
            _pasidTables[(sourceId, dirIndex)] = table;
            Memory.TryWriteUInt64(dir + (dirIndex * 8), new PasidDirectoryEntry { Present = true, PasidTablePointer = table }.Word);
        }

        return table + ((ulong)PasidEntry.IndexOf(pasid) * 64);
    }

    /// <inheritdoc/>
    protected override void CheckDomain(ushort id, int ipaBits)
    {
        var caps = Device.Capabilities;
        var domains = 1 << (4 + (2 * caps.NumberOfDomainsEncoding));
        if (id == 0 || id >= domains)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"DIDs are 1..{domains - 1} (CAP.ND = {caps.NumberOfDomainsEncoding}; Linux reserves DID 0).");
        }

        if (ipaBits is not (39 or 48 or 57) || !caps.SupportsAddressWidth((ipaBits - 30) / 9))
        {
            throw new ArgumentOutOfRangeException(nameof(ipaBits), ipaBits, "The second-stage width must be one CAP.SAGAW allows (39, 48 or 57).");
        }
    }

    /// <inheritdoc/>
    protected override void CheckEndpoint(NestedEndpoint endpoint, List<BindRejection> reasons)
    {
        if (endpoint.HostId > 0xFFFF)
        {
            reasons.Add(new BindRejection("source_id", $"source id 0x{endpoint.HostId:x} is not a 16-bit requester id", "bus:device.function, 0..0xffff"));
        }

        if (endpoint.Pasid is { } pasid && (HostPasidBits == 0 || pasid >> HostPasidBits != 0))
        {
            reasons.Add(new BindRejection("pasid", $"PASID 0x{pasid:x} is beyond the host's PASID size", $"PASIDs below 2^{HostPasidBits} (ECAP.PSS)"));
        }
    }

    /// <inheritdoc/>
    protected override void CheckVendor(NestedEndpoint endpoint, HostStage2Domain domain, GuestStage1Config config, List<BindRejection> reasons)
    {
        var caps = Device.Capabilities;
        if (!caps.Nested || !caps.ScalableMode || !caps.FirstStageTranslation || !caps.SecondStageTranslation)
        {
            reasons.Add(new BindRejection("host", "nesting needs scalable mode, both stages and ECAP.NEST (Linux nested_supported)", $"ECAP.NEST={(caps.Nested ? 1 : 0)}, SMTS={(caps.ScalableMode ? 1 : 0)}, FLTS={(caps.FirstStageTranslation ? 1 : 0)}, SLTS={(caps.SecondStageTranslation ? 1 : 0)}"));
        }

        if (config.AsidBits is not null)
        {
            reasons.Add(new BindRejection("asid_bits", $"asid_bits {config.AsidBits} given, but VT-d tags first-stage entries by DID and PASID", "asid_bits absent"));
        }

        if (config.Smmuv3 is not null)
        {
            reasons.Add(new BindRejection("smmuv3", "an SMMUv3 part was given to a VT-d host", "the VT-d part (iommu_hwpt_vtd_s1)"));
        }

        if (config.Vtd is not { } vtd)
        {
            reasons.Add(new BindRejection("vtd", "the VT-d part (flags, addr_width) is missing", "iommu_hwpt_vtd_s1 { flags, pgtbl_addr, addr_width }"));
            return;
        }

        if (config.Mode != GuestStage1Mode.Translate)
        {
            return;
        }

        // Linux intel_pasid_setup_nested.
        if (vtd.AddressWidth is not (48 or 57))
        {
            reasons.Add(new BindRejection("addr_width", $"address width {vtd.AddressWidth} is invalid", caps.FirstStage5Level ? "48 or 57" : "48 (CAP.FS5LP = 0)"));
        }
        else if (vtd.AddressWidth == 57 && !caps.FirstStage5Level)
        {
            reasons.Add(new BindRejection("addr_width", "57-bit (5-level) first stage needs CAP.FS5LP", "48"));
        }

        if ((vtd.Flags & ~(VtdGuestStage1.Sre | VtdGuestStage1.Eafe | VtdGuestStage1.Wpe)) != 0)
        {
            reasons.Add(new BindRejection("flags", $"unknown flag bits 0x{vtd.Flags & ~7u:x}", "IOMMU_VTD_S1_SRE (1), EAFE (2), WPE (4)"));
        }

        if ((vtd.Flags & VtdGuestStage1.Sre) != 0 && !caps.SupervisorRequests)
        {
            reasons.Add(new BindRejection("flags.SRE", "supervisor requests need ECAP.SRS", "SRE clear (ECAP.SRS = 0)"));
        }

        if ((vtd.Flags & VtdGuestStage1.Eafe) != 0 && !caps.ExtendedAccessedFlag)
        {
            reasons.Add(new BindRejection("flags.EAFE", "the extended accessed flag needs ECAP.EAFS", "EAFE clear (ECAP.EAFS = 0)"));
        }
    }

    /// <summary>
    /// The PASID entry hardware gets (Linux pasid_pte_config_nestd): FSPM = 1 for 57 bits, FSPTPTR = the guest's table
    /// GPA, SRE (and WPE with it), EAFE, SSPTPTR = the host stage-2 root, DID = the host domain's, AW = the stage-2
    /// width, PGTT = 3 (nested), P. Bypass: a second-stage-only entry (PGTT = 2), as QEMU attaches the nesting parent
    /// for a guest pass-through PASID. Abort: not present.
    /// </summary>
    public ulong[] ComposePasidEntry(HostStage2Domain domain, GuestStage1Config config)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(config);
        var words = new ulong[8];
        if (config.Mode == GuestStage1Mode.Abort)
        {
            return words;
        }

        var pe = default(PasidEntry);
        pe.Present = true;
        pe.AddressWidth = (byte)(domain.StartLevel - 2);
        pe.SecondStagePageTablePointer = domain.RootAddress;
        pe.DomainId = domain.Id;
        if (config.Mode == GuestStage1Mode.Bypass)
        {
            pe.Pgtt = PasidGranularTranslationType.SecondStage;
        }
        else
        {
            var vtd = config.Vtd ?? default;
            pe.Pgtt = PasidGranularTranslationType.Nested;
            pe.Fspm = vtd.AddressWidth == 57 ? FirstStagePagingMode.FiveLevel : FirstStagePagingMode.FourLevel;
            pe.FirstStagePageTablePointer = config.BasePointer;
            if ((vtd.Flags & VtdGuestStage1.Sre) != 0)
            {
                pe.SupervisorRequestEnable = true;
                pe.WriteProtectEnable = (vtd.Flags & VtdGuestStage1.Wpe) != 0;
            }

            pe.ExtendedAccessedFlagEnable = (vtd.Flags & VtdGuestStage1.Eafe) != 0;
        }

        pe.CopyWordsTo(words);
        return words;
    }

    /// <inheritdoc/>
    protected override (ulong[] Words, ulong Address) Install(NestedEndpoint endpoint, HostStage2Domain domain, GuestStage1Config config, NestedBinding? previous)
    {
        var target = ComposePasidEntry(domain, config);
        var sid = (ushort)endpoint.HostId;
        var pasid = endpoint.Pasid ?? 0;
        var address = PasidEntryAddress(sid, pasid);
        WritePasidEntry(address, target, previous?.Domain.Id ?? domain.Id, domain.Id, pasid);
        return (target, address);
    }

    /// <inheritdoc/>
    protected override void Uninstall(NestedBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var pasid = binding.Endpoint.Pasid ?? 0;
        WritePasidEntry(PasidEntryAddress((ushort)binding.Endpoint.HostId, pasid), new ulong[8], binding.Domain.Id, binding.Domain.Id, pasid);
    }

    /// <inheritdoc/>
    internal override void InvalidateStage2(HostStage2Domain domain)
    {
        // Linux cache_tag_flush_all on a nesting parent: the IOTLB of the DID, and the PASID-tagged entries of nested users.
        var descriptors = new List<(ulong, ulong, string)> { (IotlbDomain(domain.Id), 0, "IOTLB_INV(domain)") };
        foreach (var b in Bindings)
        {
            if (b.Domain == domain)
            {
                descriptors.Add((PiotlbAll(domain.Id, b.Endpoint.Pasid ?? 0), 0, "P_IOTLB_INV(all of PASID)"));
            }
        }

        SubmitQueue(descriptors);
    }

    /// <summary>
    /// Writes a PASID entry so no request sees a mix: a present entry is first made not present (qword 0, P = 0) and the
    /// PASID cache and IOTLB invalidated (Linux intel_pasid_tear_down_entry), then qwords 1..7, then qword 0 with P, then
    /// the invalidations again (Linux pasid_flush_caches).
    /// </summary>
    private void WritePasidEntry(ulong address, ulong[] target, ushort oldDid, ushort newDid, uint pasid)
    {
        Memory.TryReadUInt64(address, out var w0);
        if ((w0 & 1) != 0)
        {
            WriteEntryWord(address, w0 & ~1UL);
            FlushPasid(oldDid, pasid);
        }

        for (var i = 1; i < 8; i++)
        {
            Memory.TryReadUInt64(address + ((ulong)i * 8), out var old);
            if (old != target[i])
            {
                WriteEntryWord(address + ((ulong)i * 8), target[i]);
            }
        }

        if ((w0 & ~1UL) != target[0] || (target[0] & 1) != 0)
        {
            WriteEntryWord(address, target[0]);
        }

        FlushPasid(newDid, pasid);
    }

    private void FlushPasid(ushort did, uint pasid) => SubmitQueue(
    [
        (PasidCache(did, pasid), 0, "PASID_CACHE_INV(PASID)"),
        (PiotlbAll(did, pasid), 0, "P_IOTLB_INV(all of PASID)"),
        (IotlbDomain(did), 0, "IOTLB_INV(domain)"),
    ]);

    /// <inheritdoc/>
    public override bool WriteRegister(ulong offset, ulong value, int width) => Device.WriteRegister(offset, value, width);

    /// <inheritdoc/>
    public override ulong ReadRegister(ulong offset, int width) => Device.ReadRegister(offset, width);

    /// <inheritdoc/>
    protected override GuestInvalidationDataType InvalidationDataType => GuestInvalidationDataType.VtdStage1;

    /// <summary>Passes the guest's ranges (<see cref="VtdStage1Invalidation"/>) through, as intel_nested_cache_invalidate_user does.</summary>
    protected override InvalidationBatchResult Invalidate(GuestInvalidation request)
    {
        var (endpoint, ranges) = (VtdStage1Invalidation)request;
        ArgumentNullException.ThrowIfNull(ranges);
        if (FindBinding(endpoint.HostId, endpoint.Pasid) is not { } binding)
        {
            return new InvalidationBatchResult(0, $"no stage-1 configuration is bound to source id 0x{endpoint.HostId:x}{(endpoint.Pasid is { } p ? $" PASID {p}" : string.Empty)}");
        }

        var did = binding.Domain.Id;
        var pasid = endpoint.Pasid ?? 0;
        var mamv = Device.Capabilities.MaximumAddressMaskValue;
        var done = 0;
        foreach (var r in ranges)
        {
            // Linux intel_nested_cache_invalidate_user: flags other than LEAF, a misaligned address, or "all" with a
            // non-zero address stop the batch.
            string? error = null;
            if ((r.Flags & ~VtdGuestInvalidation.Leaf) != 0)
            {
                error = $"entry {done}: unknown flags 0x{r.Flags:x} (only IOMMU_VTD_INV_FLAGS_LEAF)";
            }
            else if (r.Address % SparseGuestMemory.PageSize != 0)
            {
                error = $"entry {done}: address 0x{r.Address:x} is not 4 KiB aligned";
            }
            else if (r.Pages == ulong.MaxValue && r.Address != 0)
            {
                error = $"entry {done}: npages = U64_MAX (all) needs addr 0, not 0x{r.Address:x}";
            }
            else if (r.Pages == 0)
            {
                error = $"entry {done}: npages is 0";
            }

            if (error is not null)
            {
                return new InvalidationBatchResult(done, error);
            }

            var leaf = (r.Flags & VtdGuestInvalidation.Leaf) != 0;
            if (r.Pages == ulong.MaxValue || !TryMask(r.Address, r.Pages, mamv, out var am, out var aligned))
            {
                SubmitQueue([(PiotlbAll(did, pasid), 0, "P_IOTLB_INV(all of PASID)")]);
            }
            else
            {
                // Page-selective-within-PASID, the smallest aligned 2^AM block covering the range (Linux calculate_psi_aligned_address).
                var page = new PasidIotlbInvalidateDescriptor
                {
                    TypeLow = (byte)InvalidationDescriptorType.PasidIotlb, Granularity = PasidIotlbGranularity.PageWithinPasid, DomainId = did, Pasid = pasid,
                    Address = aligned, InvalidationHint = leaf, AddressMask = (byte)am,
                };
                SubmitQueue([(page.GetWord(0), page.GetWord(1), string.Create(CultureInfo.InvariantCulture, $"P_IOTLB_INV(0x{aligned:x}, AM {am}{(leaf ? ", IH" : string.Empty)})"))]);
            }

            done++;
        }

        return new InvalidationBatchResult(done, null);
    }

    private static bool TryMask(ulong address, ulong pages, int mamv, out int am, out ulong aligned)
    {
        var first = address >> 12;
        var last = first + pages - 1;
        am = 0;
        while (am <= mamv && (first >> am) != (last >> am))
        {
            am++;
        }

        aligned = (first >> am) << (am + 12);
        return am <= mamv && last >= first;
    }

    /// <inheritdoc/>
    public override NestedTranslation Translate(uint hostId, ulong address, AccessKind access, bool privileged = false, uint? pasid = null, IWalkTraceSink? trace = null)
    {
        var result = Device.Translate(new VtdRequest((ushort)hostId, address, access, pasid, privileged, access == AccessKind.InstructionFetch), trace);
        if (result.IsTranslated)
        {
            DrainFaults(NestedFaultClass.None);
            return new NestedTranslation(true, result.OutputAddress, result.PageSize, result.Permissions, NestedFaultClass.None, null, null, null);
        }

        if (!result.IsFault)
        {
            DrainFaults(NestedFaultClass.Other);
            return new NestedTranslation(false, 0, 0, WalkPermissions.None, NestedFaultClass.Other, result.Outcome.ToString().ToUpperInvariant(), null, null); // as VtdScenarioDevice names it
        }

        var cls = Classify(in result);
        DrainFaults(cls);
        var words = new ulong[2];
        result.Record.CopyWordsTo(words);
        return new NestedTranslation(false, 0, 0, WalkPermissions.None, cls, string.Create(CultureInfo.InvariantCulture, $"0x{(byte)result.Reason:x2}"), FaultRecord.Layout, words);
    }

    /// <summary>
    /// The class of a VT-d fault, from the stage and kind of the walk fault the translation carries (reason codes do not
    /// always say the stage: 0x85/0x86 are "whichever stage denied it"). A second-stage entry with R = W = 0 is absent
    /// (VT-d second-stage entries have no present bit): a translation fault, as on SMMUv3.
    /// </summary>
    public static NestedFaultClass Classify(in VtdTranslation translation)
    {
        if (translation.FaultStage is not { } stage)
        {
            return translation.Reason is FaultReason.ScalablePasidEntryNotPresent or FaultReason.ScalablePasidDirectoryEntryNotPresent
                ? NestedFaultClass.Abort
                : NestedFaultClass.Other;
        }

        var stage1 = stage == TranslationStage.Stage1;
        var kind = translation.WalkFault;
        if (!stage1 && kind == WalkFaultKind.Permission && !new SecondStagePageTableEntry(translation.FaultEntry).IsPresent)
        {
            kind = WalkFaultKind.Translation;
        }

        return (kind, stage1) switch
        {
            (WalkFaultKind.Translation or WalkFaultKind.AccessFlag, true) => NestedFaultClass.Stage1Translation,
            (WalkFaultKind.Translation or WalkFaultKind.AccessFlag, false) => NestedFaultClass.Stage2Translation,
            (WalkFaultKind.Permission, true) => NestedFaultClass.Stage1Permission,
            (WalkFaultKind.Permission, false) => NestedFaultClass.Stage2Permission,
            (WalkFaultKind.AddressSize, true) => NestedFaultClass.Stage1AddressSize,
            (WalkFaultKind.AddressSize, false) => NestedFaultClass.Stage2AddressSize,
            _ => NestedFaultClass.Other,
        };
    }

    /// <summary>Reads and clears the fault-recording registers; faults of bound endpoints not caused by stage 2 go to the guest with its source id.</summary>
    private void DrainFaults(NestedFaultClass lastClass)
    {
        var fro = (ulong)Device.Capabilities.FaultRecordingByteOffset;
        for (var i = 0; i < Device.Capabilities.FaultRecordingRegisters; i++)
        {
            var record = Device.ReadFaultRecord(i);
            if (!record.Fault)
            {
                continue;
            }

            // F is RW1C in the record's upper quadword (Linux dmar_fault: writel(DMA_FRCD_F, reg + 12)).
            Device.WriteRegister(fro + (16UL * (ulong)i) + 8, new FaultRecord { Fault = true }.GetWord(1), 64);
            var pasid = record.PasidPresent ? record.PasidValue : (uint?)null;
            var binding = FindBinding(record.SourceId, pasid) ?? (pasid == 0 ? FindBinding(record.SourceId) : null);
            if (binding is null || lastClass is NestedFaultClass.Stage2Translation or NestedFaultClass.Stage2Permission or NestedFaultClass.Stage2AddressSize)
            {
                continue;
            }

            var guest = record;
            guest.SourceId = (ushort)binding.Endpoint.GuestId;
            var words = new ulong[2];
            guest.CopyWordsTo(words);
            ReportToGuest(new GuestEvent(FaultRecord.Layout, words, binding.Endpoint.GuestId, lastClass, binding.Endpoint.HostId));
        }

        // FSTS.PFO / PPF: clear the overflow flag (RW1C) so later faults are recorded.
        Device.WriteRegister(VtdRegisterMap.FaultStatus, new FaultStatusRegister { PrimaryFaultOverflow = true }.Word, 32);
    }

    private ulong PasidDirectory(ushort sid)
    {
        if (_pasidDirectories.TryGetValue(sid, out var dir))
        {
            return dir;
        }

        var bits = Math.Max(HostPasidBits, 7);
        var pdts = Math.Clamp(bits - 13, 0, 7);
        dir = HostAllocator.Allocate(8UL << (pdts + 7), 4096);
        _pasidDirectories[sid] = dir;
        var (bus, devfn) = (sid >> 8, (byte)sid);
        var upper = ScalableRootEntry.UsesUpperHalf(devfn);
        var key = (bus << 1) | (upper ? 1 : 0);
        if (!_contextTables.TryGetValue(key, out var table))
        {
            table = HostAllocator.Allocate(4096, 4096);
            _contextTables[key] = table;
            var root = upper ? new ScalableRootEntry { UpperPresent = true, UpperContextTablePointer = table } : new ScalableRootEntry { LowerPresent = true, LowerContextTablePointer = table };
            Memory.TryWriteUInt64(_rootTable + ((ulong)bus * 16) + (upper ? 8UL : 0), root.GetWord(upper ? 1 : 0));
        }

        var sce = default(ScalableContextEntry);
        sce.Present = true;
        sce.PasidEnable = true;
        sce.PasidDirectorySize = (byte)pdts;
        sce.PasidDirectoryPointer = dir;
        sce.RidPasid = 0;
        Span<ulong> w = stackalloc ulong[4];
        sce.CopyWordsTo(w);
        var address = table + ((ulong)ScalableRootEntry.ContextIndex(devfn) * 32);
        for (var i = 3; i >= 0; i--)
        {
            Memory.TryWriteUInt64(address + ((ulong)i * 8), w[i]);
        }

        // A new context entry: global context-cache invalidation (type 1, G = 1), as Linux context_present_cache_flush does with CM.
        var global = new ContextCacheInvalidateDescriptor { TypeLow = (byte)InvalidationDescriptorType.ContextCache, Granularity = ContextCacheGranularity.Global };
        SubmitQueue([(global.GetWord(0), 0, "CC_INV(global)")]);
        return dir;
    }

    private static ulong PasidCache(ushort did, uint pasid) => new PasidCacheInvalidateDescriptor
    {
        TypeLow = (byte)InvalidationDescriptorType.PasidCache, Granularity = PasidCacheGranularity.PasidWithinDomain, DomainId = did, Pasid = pasid,
    }.GetWord(0);

    private static ulong PiotlbAll(ushort did, uint pasid) => new PasidIotlbInvalidateDescriptor
    {
        TypeLow = (byte)InvalidationDescriptorType.PasidIotlb, Granularity = PasidIotlbGranularity.Pasid, DomainId = did, Pasid = pasid,
    }.GetWord(0);

    private static ulong IotlbDomain(ushort did) => new IotlbInvalidateDescriptor
    {
        TypeLow = (byte)InvalidationDescriptorType.Iotlb, Granularity = IotlbGranularity.Domain, DomainId = did,
    }.GetWord(0);

    private void SubmitQueue(IReadOnlyList<(ulong W0, ulong W1, string Name)> descriptors)
    {
        foreach (var (w0, w1, name) in descriptors)
        {
            var address = _queue + ((ulong)_tail * 32);
            Memory.TryWriteUInt64(address, w0);
            Memory.TryWriteUInt64(address + 8, w1);
            Memory.TryWriteUInt64(address + 16, 0);
            Memory.TryWriteUInt64(address + 24, 0);
            _tail = (_tail + 1) % QueueEntries;
            NoteIssued(name);
        }

        W64(VtdRegisterMap.InvalidationQueueTail, (ulong)_tail * 32);
        if (new FaultStatusRegister(Device.ReadRegister(VtdRegisterMap.FaultStatus, 32)).InvalidationQueueError)
        {
            throw new InvalidOperationException("The VT-d model reported an invalidation queue error (FSTS.IQE) for a host descriptor.");
        }
    }

    private void W32(int offset, uint value)
    {
        if (!Device.WriteRegister((ulong)offset, value, 32))
        {
            throw new InvalidOperationException($"The VT-d model has no register at 0x{offset:x}.");
        }
    }

    private void W64(int offset, ulong value)
    {
        if (!Device.WriteRegister((ulong)offset, value, 64))
        {
            throw new InvalidOperationException($"The VT-d model has no register at 0x{offset:x}.");
        }
    }
}
