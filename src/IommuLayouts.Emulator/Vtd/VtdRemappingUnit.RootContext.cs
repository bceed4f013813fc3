using System;
using IommuLayouts.Specs.Vtd;

using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>Root and context tables: from a source id to a decoded context entry (QEMU vtd_dev_to_context_entry).</summary>
public sealed partial class VtdRemappingUnit
{
    /// <summary>
    /// Reads the root entry (indexed by bus) and the context entry (by devfn; in scalable mode the lower or upper
    /// half of the root entry, 32-byte entries) and decodes them. Returns the fault reason, or 0 with the entry.
    /// <paramref name="faultProcessingDisable"/> is the context entry's FPD as read, even when it is not present.
    /// </summary>
    private FaultReason ResolveContext(RootState root, ushort sourceId, out VtdContextCacheEntry? entry, out bool faultProcessingDisable)
    {
        entry = null;
        faultProcessingDisable = false;
        var bus = sourceId >> 8;
        var devfn = (byte)sourceId;
        var haw = Capabilities.HostAddressWidth;
        Span<ulong> words = stackalloc ulong[4];
        var rootAddress = root.Table + ((ulong)bus * 16);
        if (!Memory.TryReadUInt64(rootAddress, out words[0]) || !Memory.TryReadUInt64(rootAddress + 8, out words[1]))
        {
            return root.Scalable ? FaultReason.ScalableRootEntryAccessError : FaultReason.RootTableAccessError;
        }

        if (!root.Scalable)
        {
            var re = RootEntry.FromWords(words[..2]);
            if (!re.Present)
            {
                return FaultReason.RootEntryNotPresent;
            }

            if (!re.Validate().IsValid || !Below(re.ContextTablePointer, haw))
            {
                return FaultReason.RootEntryReservedBitSet;
            }

            var ceAddress = re.ContextTablePointer + ((ulong)devfn * 16);
            if (!Memory.TryReadUInt64(ceAddress, out words[0]) || !Memory.TryReadUInt64(ceAddress + 8, out words[1]))
            {
                return FaultReason.ContextTableAccessError;
            }

            var ce = ContextEntry.FromWords(words[..2]);
            faultProcessingDisable = ce.FaultProcessingDisable;
            if (!ce.Present)
            {
                return FaultReason.ContextEntryNotPresent;
            }

            if (ce.Validate().Contains("RES0"))
            {
                return FaultReason.ContextEntryReservedBitSet;
            }

            if (!Below(ce.SecondStagePageTablePointer, haw))
            {
                return FaultReason.ContextEntryReservedBitSet;
            }

            // AW must be in SAGAW for every TT, pass-through included (QEMU vtd_dev_to_context_entry checks the level
            // before vtd_ce_type_check; spec Table 30 LCT.4.1; Linux programs AW = msagaw for pass-through). TT = 3 is
            // reserved; DeviceTlb needs ECAP.DT and PassThrough ECAP.PT (QEMU vtd_ce_type_check). Both are 0x03.
            var tt = ce.Tt;
            var ttValid = tt switch
            {
                ContextTranslationType.MultiLevel => true,
                ContextTranslationType.DeviceTlb => Capabilities.DeviceTlb,
                ContextTranslationType.PassThrough => Capabilities.PassThrough,
                _ => false,
            };
            if (!Capabilities.SupportsAddressWidth(ce.AddressWidth) || !ttValid)
            {
                return FaultReason.ContextEntryInvalid;
            }

            entry = new VtdContextCacheEntry
            {
                Scalable = false,
                FaultProcessingDisable = ce.FaultProcessingDisable,
                DomainId = ce.DomainId,
                PassThrough = tt == ContextTranslationType.PassThrough,
                SecondStage = tt == ContextTranslationType.PassThrough
                    ? default
                    : new VtdSecondStageConfig(ce.SecondStagePageTablePointer, ce.AddressWidth + 2, haw, Capabilities.MaximumGuestAddressWidth)
                    {
                        LargePages2M = Capabilities.SecondStage2MPages,
                        LargePages1G = Capabilities.SecondStage1GPages,
                        SnoopAllowed = Capabilities.SnoopControl,
                        TransientMappingAllowed = Capabilities.DeviceTlb,
                    },
            };
            return 0;
        }

        var sre = ScalableRootEntry.FromWords(words[..2]);
        if (!sre.IsPresentFor(devfn))
        {
            return FaultReason.ScalableRootEntryNotPresent;
        }

        if (!sre.Validate().IsValid || !Below(sre.ContextTablePointerFor(devfn), haw))
        {
            return FaultReason.ScalableRootEntryReservedBitSet;
        }

        var sceAddress = sre.ContextTablePointerFor(devfn) + ((ulong)ScalableRootEntry.ContextIndex(devfn) * 32);
        for (var i = 0; i < 4; i++)
        {
            if (!Memory.TryReadUInt64(sceAddress + ((ulong)i * 8), out words[i]))
            {
                return FaultReason.ScalableContextEntryAccessError;
            }
        }

        var sce = ScalableContextEntry.FromWords(words);
        faultProcessingDisable = sce.FaultProcessingDisable;
        if (!sce.Present)
        {
            return FaultReason.ScalableContextEntryNotPresent;
        }

        if (!sce.Validate().IsValid || !Below(sce.PasidDirectoryPointer, haw))
        {
            return FaultReason.ScalableContextEntryReservedBitSet;
        }

        // Enables for features the unit lacks make the entry invalid: DTE without ECAP.DT, PRE without ECAP.PRS,
        // PASIDE without ECAP.PASID, RID_PRIV without ECAP.RPRIVS (not implemented here, so always invalid).
        if ((sce.DeviceTlbEnable && !Capabilities.DeviceTlb) || (sce.PageRequestEnable && !Capabilities.PageRequests)
            || (sce.PasidEnable && !Capabilities.Pasid) || sce.RidPrivilege)
        {
            return FaultReason.ScalableContextEntryInvalid;
        }

        entry = new VtdContextCacheEntry
        {
            Scalable = true,
            FaultProcessingDisable = sce.FaultProcessingDisable,
            PasidEnable = sce.PasidEnable,
            PasidDirectory = sce.PasidDirectoryPointer,
            PasidDirectoryEntries = sce.PasidDirectoryEntries,
            RidPasid = sce.RidPasid,
        };
        return 0;
    }

    private static bool Below(ulong address, int width) => width >= 64 || (address >> width) == 0;
}
