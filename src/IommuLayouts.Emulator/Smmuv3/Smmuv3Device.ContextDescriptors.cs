using System;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;

namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>
/// Context-descriptor tables (Arm IHI 0070 §3.4, §5.4): linear (2^S1CDMax CDs) or 2-level (L1CDs pointing to leaf tables of
/// 64 CDs for S1Fmt = 1 or 1024 CDs for S1Fmt = 2; Linux arm_smmu_get_cd_ptr, CTXDESC_SPLIT 10). QEMU reads only one CD.
/// </summary>
public sealed partial class Smmuv3Device
{
    /// <summary>
    /// Reads the CD of <paramref name="substreamId"/>. In a nested stream every table address (S1ContextPtr, the L1CD, the
    /// leaf table) is an IPA translated by stage 2; a stage-2 fault there is reported with CLASS = CD, S2 = 1 and the IPA,
    /// recorded when STE.S2R allows. An invalid L1CD is C_BAD_SUBSTREAMID; an abort reading an L1CD or CD is F_CD_FETCH
    /// with FetchAddr = the physical address read.
    /// </summary>
    private bool TryFetchCd(
        in StreamTableEntry ste, bool nested, in Stage2Config stage2, uint substreamId, in Smmuv3Request request, IWalkTraceSink? trace,
        out ContextDescriptor cd, out Smmuv3Result fault)
    {
        cd = default;
        var table = ste.S1ContextPtr;
        ulong cdAddress;
        if (ste.S1Fmt == SteS1Format.Linear)
        {
            cdAddress = table + ((ulong)substreamId * 64);
        }
        else
        {
            var split = ste.S1Fmt == SteS1Format.TwoLevel4K ? 6 : 10;
            var l1Ipa = table + ((ulong)(substreamId >> split) * 8);
            if (!TryTranslateCdAddress(nested, stage2, l1Ipa, request, trace, ste.S2R, out var l1Address, out fault))
            {
                return false;
            }

            if (!_memory.TryReadUInt64(l1Address, out var raw))
            {
                fault = ConfigFault(EventType.F_CD_FETCH, request, l1Address);
                return false;
            }

            var l1 = new L1ContextDescriptor(raw);
            if (!l1.V || !l1.Validate().IsValid)
            {
                fault = ConfigFault(EventType.C_BAD_SUBSTREAMID, request);
                return false;
            }

            cdAddress = l1.L2Ptr + ((ulong)(substreamId & ((1u << split) - 1)) * 64);
        }

        if (!TryTranslateCdAddress(nested, stage2, cdAddress, request, trace, ste.S2R, out var cdPhysical, out fault))
        {
            return false;
        }

        Span<ulong> words = stackalloc ulong[8];
        for (var i = 0; i < 8; i++)
        {
            if (!_memory.TryReadUInt64(cdPhysical + ((ulong)i * 8), out words[i]))
            {
                fault = ConfigFault(EventType.F_CD_FETCH, request, cdPhysical + ((ulong)i * 8));
                return false;
            }
        }

        cd = ContextDescriptor.FromWords(words);
        fault = default;
        return true;
    }

    /// <summary>Stage-2 translation of a CD-table address in a nested stream (checked as a read, CLASS = CD).</summary>
    private bool TryTranslateCdAddress(
        bool nested, in Stage2Config stage2, ulong ipa, in Smmuv3Request request, IWalkTraceSink? trace, bool recordStage2,
        out ulong physical, out Smmuv3Result fault)
    {
        if (!nested)
        {
            physical = ipa;
            fault = default;
            return true;
        }

        var walk = _walker.WalkStage2(in stage2, ipa, AccessKind.Read, privileged: true, trace, WalkPurpose.Stage2ForStage1Table);
        if (walk.IsFault)
        {
            physical = 0;
            fault = WalkFault(in walk, request, EventClass.CD, recordStage1: false, recordStage2);
            return false;
        }

        physical = walk.OutputAddress;
        fault = default;
        return true;
    }

    /// <summary>
    /// The checks that make a CD ILLEGAL (C_BAD_CD): V = 0; the format's own rules (<c>Validate()</c>); AArch32 tables
    /// (AA64 = 0: IDR0.TTF = AArch64 only; QEMU asserts on this path's IPS instead); big-endian walks (ENDI); stalls (S = 1,
    /// STALL_MODEL = 1); hardware flag updates beyond IDR0.HTTU (HA without HTTU ≥ 1, HD without HTTU = 2; QEMU decode_cd refuses both, having no HTTU); HAD0/HAD1 without IDR3.HAD; an ASID
    /// above 255 without IDR0.ASID16; for each enabled table (EPDx = 0) a granule IDR5 does not list or a TxSZ the walker
    /// cannot use (IR1/OR1/SH1, like IR0/OR0/SH0, are walk attributes the model accepts and does not need); CD.WXN is the
    /// walks' write-implies-execute-never; A = 0 (IDR0.TERM_MODEL = 1: terminated transactions always abort, so the RAZ/WI choice is not
    /// available; QEMU decode_cd). IPS above IDR5.OAS is capped to OAS; a TTBx at or beyond the output size is the walk's
    /// F_ADDR_SIZE (AArch64 level-0 address size fault), where QEMU reports C_BAD_CD.
    /// </summary>
    private bool TryDecodeCd(in ContextDescriptor cd, StreamContext context)
    {
        var caps = Capabilities;
        if (!cd.V || !cd.Validate().IsValid || !cd.AA64 || !cd.A || cd.ENDI || cd.S || !HardwareUpdatesSupported(cd.HA, cd.HD)
            || ((cd.HAD0 || cd.HAD1) && !caps.HierarchicalAttributeDisable) || (cd.ASID > 0xFF && !caps.Asid16))
        {
            return false;
        }

        var ips = EffectiveSize(cd.IPS);
        if (!cd.EPD0)
        {
            if (!TryGranule(cd.TG0, out var granule) || !Stage1Config.TryCreate(cd.TTB0, granule, cd.T0SZ, ips, out var ttb0, out _))
            {
                return false;
            }

            context.Ttb0 = ttb0 with
            {
                AccessFlagFaultDisabled = cd.AFFD, HierarchicalPermissionsDisabled = cd.HAD0, TopByteIgnored = cd.TBI0, PhysicalAddress52 = _oas >= 52,
                WriteImpliesExecuteNever = cd.WXN, HardwareAccessFlag = cd.HA, HardwareDirty = cd.HD,
            };
            context.Ttb0Enabled = true;
        }

        if (!cd.EPD1)
        {
            var tg = cd.TG1 switch
            {
                Tg1Granule.Size4K => Tg0Granule.Size4K,
                Tg1Granule.Size16K => Tg0Granule.Size16K,
                Tg1Granule.Size64K => Tg0Granule.Size64K,
                _ => Tg0Granule.Reserved3,
            };
            if (!TryGranule(tg, out var granule) || !Stage1Config.TryCreate(cd.TTB1, granule, cd.T1SZ, ips, out var ttb1, out _))
            {
                return false;
            }

            context.Ttb1 = ttb1 with
            {
                AccessFlagFaultDisabled = cd.AFFD, HierarchicalPermissionsDisabled = cd.HAD1, TopByteIgnored = cd.TBI1, UpperRange = true,
                PhysicalAddress52 = _oas >= 52, WriteImpliesExecuteNever = cd.WXN, HardwareAccessFlag = cd.HA, HardwareDirty = cd.HD,
            };
            context.Ttb1Enabled = true;
        }

        context.Tbi0 = cd.TBI0;
        context.Tbi1 = cd.TBI1;
        context.Asid = caps.Asid16 ? cd.ASID : (byte)cd.ASID;
        context.RecordStage1 = cd.R;
        return true;
    }
}
