using System;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;

namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>Stream table walk and STE checks (Arm IHI 0070 §3.3, §5.2; QEMU smmu_find_ste / decode_ste).</summary>
public sealed partial class Smmuv3Device
{
    /// <summary>
    /// Finds and reads the STE of <paramref name="request"/>'s StreamID: linear (STRTAB_BASE + SID × 64) or 2-level
    /// (L1STD at STRTAB_BASE + (SID &gt;&gt; SPLIT) × 8, then STE at L2Ptr + (SID mod 2^SPLIT) × 64).
    /// </summary>
    /// <remarks>
    /// A StreamID at or beyond 2^LOG2SIZE (LOG2SIZE capped at IDR1.SIDSIZE), an L1STD with Span = 0, a Span larger than
    /// SPLIT + 1, RES0 bits set in the L1STD, or a level-2 index beyond the 2^(Span − 1) STEs of the level-2 table (Linux's
    /// reading of Span, see specs/NOTES-smmuv3.md #5) is C_BAD_STREAMID; an abort reading the L1STD or the STE is
    /// F_STE_FETCH with FetchAddr = the address read. A 2-level format when IDR0.ST_LEVEL = 0, and a SPLIT other than 6, 8
    /// or 10, make every StreamID C_BAD_STREAMID (the configuration cannot be walked; the architecture leaves it
    /// CONSTRAINED UNPREDICTABLE).
    /// </remarks>
    private bool TryFetchSte(Smmuv3Control control, in Smmuv3Request request, out StreamTableEntry ste, out Smmuv3Result fault)
    {
        ste = default;
        var cfg = control.StrtabBaseCfg;
        var log2 = Math.Min((int)cfg.LOG2SIZE, Capabilities.StreamIdBits);
        var sid = request.StreamId;
        if (log2 < 32 && (sid >> log2) != 0)
        {
            fault = ConfigFault(EventType.C_BAD_STREAMID, request);
            return false;
        }

        var baseAddress = control.StrtabBase.ADDR;
        var fmt = cfg.FMT;
        ulong steAddress;
        if (fmt == StreamTableFormat.Linear)
        {
            steAddress = baseAddress + ((ulong)sid * 64);
        }
        else
        {
            var split = (int)cfg.SPLIT;
            if (fmt != StreamTableFormat.TwoLevel || !Capabilities.TwoLevelStreamTable || split is not (6 or 8 or 10))
            {
                fault = ConfigFault(EventType.C_BAD_STREAMID, request);
                return false;
            }

            var l1Address = baseAddress + ((ulong)(sid >> split) * 8);
            if (!_memory.TryReadUInt64(l1Address, out var raw))
            {
                fault = ConfigFault(EventType.F_STE_FETCH, request, l1Address);
                return false;
            }

            var l1 = new L1StreamTableDescriptor(raw);
            var l2Index = sid & ((1u << split) - 1);
            if (l1.Span == 0 || l1.Span > split + 1 || !l1.Validate().IsValid || l2Index >= (uint)l1.SteCount)
            {
                fault = ConfigFault(EventType.C_BAD_STREAMID, request);
                return false;
            }

            steAddress = l1.L2Ptr + ((ulong)l2Index * 64);
        }

        Span<ulong> words = stackalloc ulong[8];
        for (var i = 0; i < 8; i++)
        {
            if (!_memory.TryReadUInt64(steAddress + ((ulong)i * 8), out words[i]))
            {
                fault = ConfigFault(EventType.F_STE_FETCH, request, steAddress + ((ulong)i * 8));
                return false;
            }
        }

        ste = StreamTableEntry.FromWords(words);
        fault = default;
        return true;
    }

    /// <summary>
    /// The checks that make an STE ILLEGAL (C_BAD_STE), in QEMU decode_ste's order where it has them: V = 0; the format's
    /// own rules (<c>Validate()</c>: RES0 bits, reserved encodings of live fields, S2T0SZ/S2SL0 consistency); a stage the
    /// SMMU does not implement (IDR0.S1P/S2P); STRW other than EL1 (no EL2/EL3 streams: IDR0.HYP = 0, Non-secure only);
    /// EATS without IDR0.ATS; and for stage 2: AArch32 tables (S2AA64 = 0; IDR0.TTF = AArch64 only), big-endian walks
    /// (S2ENDI), stalls (S2S; STALL_MODEL = 1), hardware flag updates beyond IDR0.HTTU (S2HA without HTTU ≥ 1, S2HD without HTTU = 2), S2FWB without IDR3.FWB, an
    /// 8-bit-wide VMID overflow without IDR0.VMID16, a granule IDR5 does not list, an S2T0SZ the walker cannot use, an
    /// S2TTB at or beyond the effective output size (QEMU). For stage 1: a 2-level CD table without IDR0.CD2L and
    /// S1CDMax above IDR1.SSIDSIZE. S2PS (like CD.IPS) larger than IDR5.OAS is capped to OAS (QEMU; specs NOTES #13).
    /// </summary>
    private bool CheckSte(in StreamTableEntry ste, out Stage2Config stage2)
    {
        stage2 = default;
        if (!ste.V || !ste.Validate().IsValid)
        {
            return false;
        }

        var config = ste.Config;
        if (config is SteConfig.Abort or SteConfig.Bypass)
        {
            return true;
        }

        var caps = Capabilities;
        var s1 = config is SteConfig.S1Translate or SteConfig.Nested;
        var s2 = config is SteConfig.S2Translate or SteConfig.Nested;
        if ((s1 && !caps.Stage1) || (s2 && !caps.Stage2) || ste.STRW != SteStreamWorld.El1 || (ste.EATS != SteEats.Abort && !caps.Ats))
        {
            return false;
        }

        if (s2)
        {
            if (!ste.S2AA64 || ste.S2ENDI || ste.S2S || !HardwareUpdatesSupported(ste.S2HA, ste.S2HD) || (ste.S2FWB && !caps.ForcedWriteBack) || (ste.S2VMID > 0xFF && !caps.Vmid16))
            {
                return false;
            }

            if (!TryGranule(ste.S2TG, out var granule))
            {
                return false;
            }

            var ps = EffectiveSize(ste.S2PS);
            if (!Stage2Config.TryCreate(ste.S2TTB, granule, ste.S2T0SZ, ste.S2SL0, ps, out var cfg, out _) || (ste.S2TTB >> ps) != 0)
            {
                return false;
            }

            stage2 = cfg with
            {
                AccessFlagFaultDisabled = ste.S2AFFD, ExtendedExecuteNever = caps.ExtendedExecuteNever, PhysicalAddress52 = _oas >= 52,
                HardwareAccessFlag = ste.S2HA, HardwareDirty = ste.S2HD,
            };
        }

        if (s1)
        {
            if ((ste.S1Fmt != SteS1Format.Linear && !caps.TwoLevelCdTable) || ste.S1CDMax > caps.SubstreamIdBits)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether IDR0.HTTU allows a CD's HA/HD or an STE's S2HA/S2HD: 1 the Access flag, 2 also dirty state.</summary>
    private bool HardwareUpdatesSupported(bool accessFlag, bool dirty)
    {
        var httu = Capabilities.HardwareTableUpdate;
        return (!accessFlag || httu >= 1) && (!dirty || httu >= 2);
    }

    /// <summary>The TG0-encoded granule if IDR5 lists it.</summary>
    private bool TryGranule(Tg0Granule tg, out TranslationGranule granule)
    {
        var caps = Capabilities;
        (granule, var supported) = tg switch
        {
            Tg0Granule.Size4K => (TranslationGranule.Size4K, caps.Granule4K),
            Tg0Granule.Size16K => (TranslationGranule.Size16K, caps.Granule16K),
            Tg0Granule.Size64K => (TranslationGranule.Size64K, caps.Granule64K),
            _ => (default, false),
        };
        return supported;
    }

    /// <summary>A PARange-encoded size capped to IDR5.OAS.</summary>
    private int EffectiveSize(AddressSize size)
    {
        var bits = size switch
        {
            AddressSize.Bits32 => 32,
            AddressSize.Bits36 => 36,
            AddressSize.Bits40 => 40,
            AddressSize.Bits42 => 42,
            AddressSize.Bits44 => 44,
            AddressSize.Bits48 => 48,
            _ => 52,
        };
        return Math.Min(bits, _oas);
    }
}
