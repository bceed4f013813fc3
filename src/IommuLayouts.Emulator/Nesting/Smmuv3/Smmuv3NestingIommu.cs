using System;
using System.Collections.Generic;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using R = IommuLayouts.Specs.Smmuv3.Smmuv3RegisterMap;

namespace IommuLayouts.Emulator.Nesting.Smmuv3;

/// <summary>
/// An SMMUv3 host driver with nesting over an <see cref="Smmuv3Device"/> model: a linear stream table of abort STEs
/// (Linux arm_smmu_init_initial_stes), a command queue and an event queue, programmed through the registers.
/// </summary>
public sealed class Smmuv3NestingIommu : NestingIommu
{
    private const int QueueLog2 = 8;

    // Events iommufd forwards to a vEVENTQ (Linux arm-smmu-v3.c arm_smmu_handle_event), and only with S2 = 0.
    private static readonly EventType[] s_forwarded =
    [
        EventType.C_BAD_STE, EventType.F_STREAM_DISABLED, EventType.C_BAD_SUBSTREAMID, EventType.C_BAD_CD,
        EventType.F_TRANSLATION, EventType.F_ADDR_SIZE, EventType.F_ACCESS, EventType.F_PERMISSION,
    ];

    private readonly ulong _streamTable;
    private readonly ulong _cmdq;
    private readonly ulong _eventq;
    private readonly int _streamLog2;
    private uint _cmdProd;

    /// <summary>
    /// A host over a new SMMU with <paramref name="capabilities"/> (null: everything) on <paramref name="memory"/>
    /// (null: a new sparse memory); host structures live in [0x4000_0000, 0x6000_0000).
    /// </summary>
    public Smmuv3NestingIommu(Smmuv3Capabilities? capabilities = null, IGuestMemory? memory = null, int streamTableLog2 = 8)
        : base(memory ?? new SparseGuestMemory(), 0x4000_0000, 0x6000_0000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streamTableLog2, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(streamTableLog2, 16);
        Device = new Smmuv3Device(Memory, capabilities);
        _streamLog2 = Math.Min(streamTableLog2, Device.Capabilities.StreamIdBits);
        var steBytes = 64UL << _streamLog2;
        _streamTable = HostAllocator.Allocate(steBytes, steBytes);
        _cmdq = HostAllocator.Allocate(16UL << QueueLog2, 16UL << QueueLog2);
        _eventq = HostAllocator.Allocate(32UL << QueueLog2, 32UL << QueueLog2);
        for (var sid = 0UL; sid < (1UL << _streamLog2); sid++)
        {
            Memory.TryWriteUInt64(_streamTable + (sid * 64), AbortSte.GetWord(0));
        }

        // Linux arm_smmu_device_reset order: queues and stream table first, then CR0 enables.
        // Queues and tables write-back cacheable, inner shareable (Linux CR1_CACHE_WB, CR1_SH_ISH).
        W32(R.Cr0, 0);
        W32(R.Cr1, (uint)new Cr1 { QUEUE_IC = 1, QUEUE_OC = 1, QUEUE_SH = 3, TABLE_IC = 1, TABLE_OC = 1, TABLE_SH = 3 }.Word);
        W64(R.CmdqBase, new QueueBase { ADDR = _cmdq, LOG2SIZE = QueueLog2 }.Word);
        W32(R.CmdqProd, 0);
        W32(R.CmdqCons, 0);
        W64(R.EventqBase, new QueueBase { ADDR = _eventq, LOG2SIZE = QueueLog2 }.Word);
        W32(R.Page1EventqProd, 0);
        W32(R.Page1EventqCons, 0);
        W32(R.StrtabBaseCfg, (uint)new StrtabBaseCfg { LOG2SIZE = (byte)_streamLog2, FMT = StreamTableFormat.Linear }.Word);
        W64(R.StrtabBase, _streamTable);
        W32(R.Cr0, (uint)new Cr0 { SMMUEN = true, EVTQEN = true, CMDQEN = true }.Word);
    }

    // V = 1, Config = abort (Linux arm_smmu_make_abort_ste).
    private static readonly StreamTableEntry AbortSte = new() { V = true, Config = SteConfig.Abort };

    /// <summary>The device model.</summary>
    public Smmuv3Device Device { get; }

    /// <inheritdoc/>
    public override NestingVendor Vendor => NestingVendor.Smmuv3;

    /// <inheritdoc/>
    public override int HostPasidBits => Device.Capabilities.SubstreamIdBits;

    /// <summary>Host-physical address of the STE of <paramref name="sid"/>.</summary>
    public ulong SteAddress(uint sid) => _streamTable + ((ulong)sid * 64);

    /// <inheritdoc/>
    protected override LayoutInfo EntryLayout => StreamTableEntry.Layout;

    /// <inheritdoc/>
    protected override ulong TableAlignment => 64;

    /// <inheritdoc/>
    protected override string PasidBitsSource => "SMMU_IDR1.SSIDSIZE";

    /// <inheritdoc/>
    protected override void CheckDomain(ushort id, int ipaBits)
    {
        if (!Device.Capabilities.Vmid16 && id > 0xFF)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, "IDR0.VMID16 = 0: VMIDs are 8 bits.");
        }

        if (ipaBits is < 25 or > 48 || ipaBits > Device.Capabilities.OutputAddressBits)
        {
            throw new ArgumentOutOfRangeException(nameof(ipaBits), ipaBits, $"Stage-2 input size must be 25..min(48, OAS {Device.Capabilities.OutputAddressBits}).");
        }
    }

    /// <inheritdoc/>
    protected override void CheckEndpoint(NestedEndpoint endpoint, List<BindRejection> reasons)
    {
        if (endpoint.HostId >> _streamLog2 != 0)
        {
            reasons.Add(new BindRejection("StreamID", $"StreamID {endpoint.HostId} is beyond the stream table", $"StreamIDs 0..{(1 << _streamLog2) - 1}"));
        }

        if (endpoint.Pasid is not null)
        {
            reasons.Add(new BindRejection("pasid", "an SMMUv3 bind covers the whole CD table of a stream, not one SubstreamID", "binding a StreamID (S1CDMax gives the SubstreamIDs)"));
        }
    }

    /// <inheritdoc/>
    protected override void CheckVendor(NestedEndpoint endpoint, HostStage2Domain domain, GuestStage1Config config, List<BindRejection> reasons)
    {
        var caps = Device.Capabilities;
        if (!caps.Stage1 || !caps.Stage2)
        {
            reasons.Add(new BindRejection("host", "nesting needs both stages (ARM_SMMU_FEAT_NESTING)", $"IDR0.S1P={(caps.Stage1 ? 1 : 0)}, S2P={(caps.Stage2 ? 1 : 0)}"));
        }

        var maxAsid = caps.Asid16 ? 16 : 8;
        if (config.AsidBits is not { } asid || asid < 0 || asid > maxAsid)
        {
            reasons.Add(new BindRejection("asid_bits", config.AsidBits is null ? "missing: SMMUv3 guests tag stage 1 with ASIDs" : $"{config.AsidBits} ASID bits exceed the host's", $"0..{maxAsid} (IDR0.ASID16={(caps.Asid16 ? 1 : 0)})"));
        }

        if (config.Vtd is not null)
        {
            reasons.Add(new BindRejection("vtd", "a VT-d part was given to an SMMUv3 host", "the SMMUv3 part (ste[2])"));
        }

        if (config.Smmuv3 is not { } ste)
        {
            reasons.Add(new BindRejection("smmuv3", "the SMMUv3 part (guest STE words 0..1) is missing", "iommu_hwpt_arm_smmuv3 { ste[2] }"));
            return;
        }

        var w0 = ste.Word0;
        var w1 = ste.Word1;
        var e = ste.Entry;
        var cfg = e.Config;
        var effectiveMode = !e.V || cfg == SteConfig.Abort ? GuestStage1Mode.Abort : cfg == SteConfig.Bypass ? GuestStage1Mode.Bypass : GuestStage1Mode.Translate;
        if (!e.V)
        {
            // arm_smmu_validate_vste: V = 0 is accepted and zeroed (an abort configuration).
            CheckModeMatches(config, GuestStage1Mode.Abort, reasons);
            return;
        }

        if ((w0 & ~Smmuv3GuestSte.Word0Allowed) != 0)
        {
            reasons.Add(new BindRejection("ste[0]", Hex("bits 0x{0} are set outside STRTAB_STE_0_NESTING_ALLOWED", w0 & ~Smmuv3GuestSte.Word0Allowed), "V, Config, S1Fmt, S1ContextPtr, S1CDMax (mask 0xf80fffffffffffff)"));
        }

        if ((w1 & ~Smmuv3GuestSte.Word1Allowed) != 0)
        {
            reasons.Add(new BindRejection("ste[1]", Hex("bits 0x{0} are set outside STRTAB_STE_1_NESTING_ALLOWED", w1 & ~Smmuv3GuestSte.Word1Allowed), "S1DSS, S1CIR, S1COR, S1CSH, S1STALLD, EATS (mask 0x380000ff)"));
        }

        if (cfg is not (SteConfig.Abort or SteConfig.Bypass or SteConfig.S1Translate))
        {
            reasons.Add(new BindRejection("Config", $"Config {(int)cfg} is not one a guest may choose", "0 abort, 4 bypass, 5 stage-1 translate"));
        }

        var eats = (int)e.EATS;
        if (eats is not (0 or 1))
        {
            reasons.Add(new BindRejection("EATS", $"EATS {eats} is not supported for a nested guest", "0 (ATS aborted) or 1 (full ATS)"));
        }
        else if (eats == 1 && !caps.Ats)
        {
            reasons.Add(new BindRejection("EATS", "EATS 1 asks for ATS the SMMU does not implement", "EATS 0 (IDR0.ATS = 0)"));
        }

        CheckModeMatches(config, effectiveMode, reasons);
        if (cfg != SteConfig.S1Translate)
        {
            return;
        }

        int cdMax = e.S1CDMax;
        if (cdMax > caps.SubstreamIdBits)
        {
            reasons.Add(new BindRejection("S1CDMax", $"S1CDMax {cdMax} exceeds the SubstreamID size", $"0..{caps.SubstreamIdBits} (IDR1.SSIDSIZE)"));
        }

        if (cdMax != config.PasidBits)
        {
            reasons.Add(new BindRejection("pasid_bits", $"pasid_bits {config.PasidBits} disagrees with the STE's S1CDMax {cdMax}", "pasid_bits = S1CDMax"));
        }

        var fmt = (int)e.S1Fmt;
        if (fmt == 3 || (fmt != 0 && !caps.TwoLevelCdTable))
        {
            reasons.Add(new BindRejection("S1Fmt", $"S1Fmt {fmt} is not supported", caps.TwoLevelCdTable ? "0 linear, 1 2-level 4 KB, 2 2-level 64 KB" : "0 linear (IDR0.CD2L = 0)"));
        }

        if (e.S1DSS == SteS1Dss.Reserved3)
        {
            reasons.Add(new BindRejection("S1DSS", "S1DSS 3 is reserved", "0 terminate, 1 bypass, 2 SubstreamID 0"));
        }

        var ctx = e.S1ContextPtr;
        if (ctx != config.BasePointer)
        {
            reasons.Add(new BindRejection("base_ptr", Hex("base_ptr disagrees with the STE's S1ContextPtr 0x{0}", ctx), "base_ptr = S1ContextPtr"));
        }

        if (config.Mode != GuestStage1Mode.Translate)
        {
            // The base class checks base_ptr only for translate; S1ContextPtr is what the hardware will read.
            CheckTablePointer("S1ContextPtr", ctx, domain, 64, reasons);
        }
        else if (ctx != config.BasePointer)
        {
            CheckTablePointer("S1ContextPtr", ctx, domain, 64, reasons);
        }
    }

    private static void CheckModeMatches(GuestStage1Config config, GuestStage1Mode fromSte, List<BindRejection> reasons)
    {
        if (config.Mode != fromSte)
        {
            reasons.Add(new BindRejection("config", $"mode {config.Mode} disagrees with the STE's V/Config ({fromSte})", "the same choice in both"));
        }
    }

    /// <summary>
    /// The STE hardware gets (Linux arm_smmu_make_nested_domain_ste): guest abort (V = 0 or Config 0) → abort STE;
    /// bypass → the nesting parent's stage-2 STE (arm_smmu_make_s2_domain_ste); S1 → that S2 STE with word 0 =
    /// V | Config NESTED | guest word 0 without Config, word 1 |= guest word 1 (EATS removed) | MEV.
    /// </summary>
    public ulong[] ComposeSte(HostStage2Domain domain, GuestStage1Config config)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(config);
        var words = new ulong[8];
        var guest = (config.Smmuv3 ?? default).Entry;
        var cfg = guest.Config;
        if (!guest.V || cfg == SteConfig.Abort)
        {
            AbortSte.CopyWordsTo(words);
            return words;
        }

        var ats = cfg == SteConfig.S1Translate && guest.EATS == SteEats.Translate && Device.Capabilities.Ats;
        var s2 = new StreamTableEntry
        {
            V = true,
            Config = SteConfig.S2Translate,
            EATS = ats ? SteEats.Translate : SteEats.Abort,
            S2FWB = Device.Capabilities.ForcedWriteBack,
            S2VMID = domain.Id,
            S2T0SZ = (byte)(64 - domain.IpaBits),
            S2SL0 = (byte)VmsaGeometry.Stage2Sl0(TranslationGranule.Size4K, domain.StartLevel),
            S2IR0 = 1, // ARM_LPAE_TCR_RGN_WBWA
            S2OR0 = 1,
            S2SH0 = 3, // ARM_LPAE_TCR_SH_IS
            S2TG = Tg0Granule.Size4K,
            S2PS = Device.Capabilities.OasEncoding,
            S2AA64 = true,
            S2PTW = true,
            S2R = true,
            S2TTB = domain.RootAddress,
        };
        if (cfg == SteConfig.S1Translate)
        {
            // Word 0 is the guest's with Config = nested; word 1 adds the guest's fields except EATS (the host's) and MEV.
            guest.EATS = SteEats.Abort;
            s2.SetWord(0, guest.GetWord(0));
            s2.SetWord(1, s2.GetWord(1) | guest.GetWord(1));
            s2.Config = SteConfig.Nested;
            s2.MEV = true;
        }

        s2.CopyWordsTo(words);
        return words;
    }

    /// <inheritdoc/>
    protected override (ulong[] Words, ulong Address) Install(NestedEndpoint endpoint, HostStage2Domain domain, GuestStage1Config config, NestedBinding? previous)
    {
        var target = ComposeSte(domain, config);
        WriteSte(endpoint.HostId, target);
        if (previous is not null)
        {
            // The old configuration's stage-1 entries are tagged with the old VMID; drop them (Linux flushes on detach).
            Submit(new TlbiNhAllCommand { Opcode = CommandOpcode.CMD_TLBI_NH_ALL, VMID = previous.Domain.Id }, "CMD_TLBI_NH_ALL");
            Sync();
        }

        return (target, SteAddress(endpoint.HostId));
    }

    /// <inheritdoc/>
    protected override void Uninstall(NestedBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var abort = new ulong[8];
        AbortSte.CopyWordsTo(abort);
        WriteSte(binding.Endpoint.HostId, abort);
        Submit(new TlbiNhAllCommand { Opcode = CommandOpcode.CMD_TLBI_NH_ALL, VMID = binding.Domain.Id }, "CMD_TLBI_NH_ALL");
        Sync();
    }

    /// <inheritdoc/>
    internal override void InvalidateStage2(HostStage2Domain domain)
    {
        Submit(new TlbiS12VmallCommand { Opcode = CommandOpcode.CMD_TLBI_S12_VMALL, VMID = domain.Id }, "CMD_TLBI_S12_VMALL");
        Sync();
    }

    /// <summary>
    /// Writes an STE in an order no translation can see half-written (the idea of Linux arm_smmu_write_entry): when at
    /// most one qword's in-use bits change, the qwords the current STE does not use are written first and that qword
    /// last; otherwise V is cleared first ("break"), the other qwords written, then qword 0. Each step is followed by
    /// CFGI_STE + CMD_SYNC so the device's configuration cache sees it.
    /// </summary>
    private void WriteSte(uint sid, ulong[] target)
    {
        var address = SteAddress(sid);
        var current = new ulong[8];
        for (var i = 0; i < 8; i++)
        {
            Memory.TryReadUInt64(address + ((ulong)i * 8), out current[i]);
        }

        var used = UsedBits(current);
        var critical = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            if (((current[i] ^ target[i]) & used[i]) != 0)
            {
                critical.Add(i);
            }
        }

        if (critical.Count <= 1)
        {
            var last = critical.Count == 1 ? critical[0] : -1;
            var wrote = false;
            for (var i = 0; i < 8; i++)
            {
                if (i != last && current[i] != target[i])
                {
                    WriteEntryWord(address + ((ulong)i * 8), target[i]);
                    wrote = true;
                }
            }

            if (wrote && last >= 0)
            {
                SyncSte(sid);
            }

            if (last >= 0)
            {
                WriteEntryWord(address + ((ulong)last * 8), target[last]);
            }

            SyncSte(sid);
            return;
        }

        WriteEntryWord(address, current[0] & ~1UL);
        SyncSte(sid);
        for (var i = 1; i < 8; i++)
        {
            if (current[i] != target[i])
            {
                WriteEntryWord(address + ((ulong)i * 8), target[i]);
            }
        }

        SyncSte(sid);
        WriteEntryWord(address, target[0]);
        SyncSte(sid);
    }

    /// <summary>The STE bits the SMMU reads for a configuration (Linux arm_smmu_get_ste_used, by Config).</summary>
    private static ulong[] UsedBits(ulong[] ste)
    {
        var used = new ulong[8];
        var e = StreamTableEntry.FromWords(ste);
        used[0] = Smmuv3GuestSte.Fields(nameof(StreamTableEntry.V));
        if (!e.V)
        {
            return used;
        }

        used[0] |= Smmuv3GuestSte.Fields(nameof(StreamTableEntry.Config));
        var cfg = e.Config;
        if (cfg is SteConfig.S1Translate or SteConfig.Nested)
        {
            used[0] = ulong.MaxValue;
            used[1] = ulong.MaxValue;
        }

        if (cfg is SteConfig.S2Translate or SteConfig.Nested)
        {
            used[1] = ulong.MaxValue;
            used[2] = ulong.MaxValue;
            used[3] = ulong.MaxValue;
        }

        if (cfg == SteConfig.Bypass)
        {
            used[1] |= Smmuv3GuestSte.Fields(nameof(StreamTableEntry.SHCFG));
        }

        return used;
    }

    private void SyncSte(uint sid)
    {
        Submit(new CfgiSteCommand { Opcode = CommandOpcode.CMD_CFGI_STE, StreamID = sid, Leaf = true }, "CMD_CFGI_STE");
        Sync();
    }

    /// <inheritdoc/>
    public override bool WriteRegister(ulong offset, ulong value, int width) => Device.WriteRegister(offset, value, width);

    /// <inheritdoc/>
    public override ulong ReadRegister(ulong offset, int width) => Device.ReadRegister(offset, width);

    /// <inheritdoc/>
    protected override GuestInvalidationDataType InvalidationDataType => GuestInvalidationDataType.ArmSmmuv3;

    /// <summary>Passes the guest's commands (<see cref="Smmuv3Invalidation"/>) for its vIOMMU through, as arm_vsmmu_cache_invalidate does.</summary>
    protected override InvalidationBatchResult Invalidate(GuestInvalidation request)
    {
        var (vm, commands) = (Smmuv3Invalidation)request;
        ArgumentNullException.ThrowIfNull(vm);
        ArgumentNullException.ThrowIfNull(commands);
        var done = 0;
        string? error = null;
        foreach (var cmd in commands)
        {
            // Linux arm_vsmmu_convert_user_cmd: force the VMID, map the virtual StreamID, refuse everything else.
            var w0 = cmd.Word0;
            var w1 = cmd.Word1;
            var op = (CommandOpcode)cmd.Opcode;
            switch (op)
            {
                case CommandOpcode.CMD_TLBI_NSNH_ALL:
                    w0 = new TlbiNhAllCommand { Opcode = CommandOpcode.CMD_TLBI_NH_ALL, VMID = vm.Id }.GetWord(0);
                    w1 = 0;
                    op = CommandOpcode.CMD_TLBI_NH_ALL;
                    break;
                case CommandOpcode.CMD_TLBI_NH_VA or CommandOpcode.CMD_TLBI_NH_VAA or CommandOpcode.CMD_TLBI_NH_ALL or CommandOpcode.CMD_TLBI_NH_ASID:
                    // VMID is bits 47:32 of word 0 in every TLBI_NH_* command (Linux CMDQ_TLBI_0_VMID).
                    var tlbi = TlbiNhAllCommand.FromWords([w0, w1]);
                    tlbi.VMID = vm.Id;
                    w0 = tlbi.GetWord(0);
                    break;
                case CommandOpcode.CMD_ATC_INV or CommandOpcode.CMD_CFGI_CD or CommandOpcode.CMD_CFGI_CD_ALL:
                    // StreamID is bits 63:32 of word 0 in each (Linux CMDQ_CFGI_0_SID, CMDQ_ATC_0_SID).
                    var cfgi = CfgiCdCommand.FromWords([w0, w1]);
                    var vsid = cfgi.StreamID;
                    if (FindByGuestId(vm, vsid) is not { } b)
                    {
                        error = $"command {done}: {op} names virtual StreamID {vsid}, which no device of this VM has";
                        break;
                    }

                    cfgi.StreamID = b.Endpoint.HostId;
                    w0 = cfgi.GetWord(0);
                    break;
                default:
                    error = $"command {done}: opcode 0x{cmd.Opcode:x2} ({(Enum.IsDefined(op) ? op.ToString() : "unknown")}) is not one a guest may issue (TLBI_NH_ALL/ASID/VA/VAA, TLBI_NSNH_ALL, ATC_INV, CFGI_CD, CFGI_CD_ALL)";
                    break;
            }

            if (error is not null)
            {
                break;
            }

            if (!Submit(w0, w1, op.ToString()))
            {
                error = $"command {done}: the SMMU refused {op} (CMDQ_CONS.ERR)";
                break;
            }

            done++;
        }

        if (done > 0)
        {
            Sync();
        }

        return new InvalidationBatchResult(done, error);
    }

    /// <inheritdoc/>
    public override NestedTranslation Translate(uint hostId, ulong address, AccessKind access, bool privileged = false, uint? pasid = null, IWalkTraceSink? trace = null)
    {
        var request = pasid is { } ssid ? new Smmuv3Request(hostId, ssid, address, access, privileged) : new Smmuv3Request(hostId, address, access, privileged);
        var result = Device.Translate(in request, trace);
        ForwardEvents();
        if (result.IsSuccess)
        {
            return new NestedTranslation(true, result.OutputAddress, result.PageSize, result.Permissions, NestedFaultClass.None, null, null, null);
        }

        if (result.Outcome == Smmuv3Outcome.Aborted)
        {
            return new NestedTranslation(false, 0, 0, WalkPermissions.None, NestedFaultClass.Abort, "ABORT", null, null);
        }

        var e = result.Event;
        var words = new ulong[4];
        e.CopyWordsTo(words);
        return new NestedTranslation(false, 0, 0, WalkPermissions.None, Classify(in e), e.EventID.ToString(), EventRecord.Layout, words);
    }

    /// <summary>The class of an event (fault type; S2 says which stage).</summary>
    public static NestedFaultClass Classify(in EventRecord e) => (e.EventID, e.S2) switch
    {
        (EventType.F_TRANSLATION or EventType.F_ACCESS, false) => NestedFaultClass.Stage1Translation,
        (EventType.F_TRANSLATION or EventType.F_ACCESS, true) => NestedFaultClass.Stage2Translation,
        (EventType.F_PERMISSION, false) => NestedFaultClass.Stage1Permission,
        (EventType.F_PERMISSION, true) => NestedFaultClass.Stage2Permission,
        (EventType.F_ADDR_SIZE, false) => NestedFaultClass.Stage1AddressSize,
        (EventType.F_ADDR_SIZE, true) => NestedFaultClass.Stage2AddressSize,
        _ => NestedFaultClass.Other,
    };

    /// <summary>Reads the event queue; events of nested streams with S2 = 0 and a forwarded type go to the guest with the virtual StreamID.</summary>
    private void ForwardEvents()
    {
        var prod = (uint)Device.ReadRegister(R.Page1EventqProd, 32);
        var cons = (uint)Device.ReadRegister(R.Page1EventqCons, 32);
        Span<ulong> w = stackalloc ulong[4];
        while (!QueueProdCons.IsEmpty(prod, cons, QueueLog2))
        {
            var index = QueueProdCons.IndexOf(cons, QueueLog2);
            for (var i = 0; i < 4; i++)
            {
                Memory.TryReadUInt64(_eventq + (index * 32) + ((ulong)i * 8), out w[i]);
            }

            var e = EventRecord.FromWords(w);
            // Advance the wrap and index; OVACKFLG (bit 31) stays as read.
            var next = new QueueProdCons(cons);
            next.WrapIndex = QueueProdCons.Increment(next.WrapIndex, QueueLog2);
            cons = (uint)next.Word;
            var binding = FindBinding(e.StreamID);
            if (binding is null || e.S2 || Array.IndexOf(s_forwarded, e.EventID) < 0)
            {
                continue;
            }

            // Linux arm_vmaster_report_event: the record unchanged but for StreamID = vSID.
            var forwarded = e;
            forwarded.StreamID = binding.Endpoint.GuestId;
            var guest = new ulong[4];
            forwarded.CopyWordsTo(guest);
            ReportToGuest(new GuestEvent(EventRecord.Layout, guest, binding.Endpoint.GuestId, Classify(in e), binding.Endpoint.HostId));
        }

        W32(R.Page1EventqCons, cons);
    }

    private void Submit<T>(T command, string name)
        where T : struct, IBitLayout<T>
    {
        Span<ulong> w = stackalloc ulong[2];
        command.CopyWordsTo(w);
        Submit(w[0], w[1], name);
    }

    /// <summary>Writes a command at CMDQ_PROD and advances PROD (the model consumes it); false if the queue reports an error.</summary>
    private bool Submit(ulong word0, ulong word1, string name)
    {
        var index = QueueProdCons.IndexOf(_cmdProd, QueueLog2);
        Memory.TryWriteUInt64(_cmdq + (index * 16), word0);
        Memory.TryWriteUInt64(_cmdq + (index * 16) + 8, word1);
        _cmdProd = QueueProdCons.Increment(_cmdProd, QueueLog2);
        W32(R.CmdqProd, _cmdProd);
        NoteIssued(name);
        if (new QueueProdCons(Device.ReadRegister(R.CmdqCons, 32)).ERR != CommandError.CERROR_NONE)
        {
            // Skip the bad command as Linux arm_smmu_cmdq_skip_err does (it replaces it by a CMD_SYNC): acknowledge GERROR.CMDQ_ERR.
            var gerror = (uint)Device.ReadRegister(R.Gerror, 32);
            W32(R.Gerrorn, gerror);
            return false;
        }

        return true;
    }

    private void Sync() => Submit(SyncCommand.Create(), "CMD_SYNC");

    private void W32(ulong offset, uint value)
    {
        if (!Device.WriteRegister(offset, value, 32))
        {
            throw new InvalidOperationException($"The SMMU model has no register at 0x{offset:x}.");
        }
    }

    private void W64(ulong offset, ulong value)
    {
        if (!Device.WriteRegister(offset, value, 64))
        {
            throw new InvalidOperationException($"The SMMU model has no register at 0x{offset:x}.");
        }
    }
}
