using System;
using IommuLayouts.Specs.Vtd;

using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>PASID directory and PASID table: from (context, PASID) to a decoded PASID entry.</summary>
public sealed partial class VtdRemappingUnit
{
    /// <summary>
    /// Reads the PASID-directory entry (PASID[19:6]) and the PASID-table entry (PASID[5:0]) and checks them.
    /// <paramref name="faultProcessingDisable"/> gets the directory FPD (read even when P = 0, as QEMU
    /// vtd_ce_get_pasid_fpd), then the entry's FPD: for a not-present entry (0x59), or once the entry has passed its
    /// own reserved-field (0x5A) and programming (0x5B) checks, which are judged by the context and directory FPD
    /// only (QEMU vtd_ce_get_pasid_fpd reads the entry's FPD after vtd_get_pe_in_pasid_leaf_table's checks; NOTES.md).
    /// </summary>
    private FaultReason ResolvePasid(VtdContextCacheEntry context, uint pasid, out VtdPasidCacheEntry? entry, out bool faultProcessingDisable)
    {
        entry = null;
        faultProcessingDisable = false;
        var haw = Capabilities.HostAddressWidth;
        var dirAddress = context.PasidDirectory + ((ulong)PasidDirectoryEntry.IndexOf(pasid) * 8);
        if (!Memory.TryReadUInt64(dirAddress, out var dirWord))
        {
            return FaultReason.ScalablePasidDirectoryEntryAccessError;
        }

        var pde = new PasidDirectoryEntry(dirWord);
        faultProcessingDisable = pde.FaultProcessingDisable;
        if (!pde.Present)
        {
            return FaultReason.ScalablePasidDirectoryEntryNotPresent;
        }

        if (!pde.Validate().IsValid || !Below(pde.PasidTablePointer, haw))
        {
            return FaultReason.ScalablePasidDirectoryEntryReservedBitSet;
        }

        Span<ulong> words = stackalloc ulong[8];
        var peAddress = pde.PasidTablePointer + ((ulong)PasidEntry.IndexOf(pasid) * 64);
        for (var i = 0; i < 8; i++)
        {
            if (!Memory.TryReadUInt64(peAddress + ((ulong)i * 8), out words[i]))
            {
                return FaultReason.ScalablePasidEntryAccessError;
            }
        }

        var pe = PasidEntry.FromWords(words);
        if (!pe.Present)
        {
            faultProcessingDisable |= pe.FaultProcessingDisable;
            return FaultReason.ScalablePasidEntryNotPresent;
        }

        // Reserved fields (VirtualBox's sets, words 3..7; NOTES-vtd.md) and pointers above the host address width
        // are 0x5A, a fault QEMU never raises; an entry the unit cannot carry out is 0x5B.
        var report = pe.Validate();
        var pgtt = pe.Pgtt;
        var usesFirst = pe.UsesFirstStage;
        var usesSecond = pe.UsesSecondStage;
        if (report.Contains("RES0") || (usesSecond && !Below(pe.SecondStagePageTablePointer, haw)) || (usesFirst && !Below(pe.FirstStagePageTablePointer, haw)))
        {
            return FaultReason.ScalablePasidEntryReservedBitSet;
        }

        var supported = pgtt switch
        {
            PasidGranularTranslationType.FirstStage => Capabilities.FirstStageTranslation,
            PasidGranularTranslationType.SecondStage => Capabilities.SecondStageTranslation,
            PasidGranularTranslationType.Nested => Capabilities.Nested && Capabilities.FirstStageTranslation && Capabilities.SecondStageTranslation,
            PasidGranularTranslationType.PassThrough => Capabilities.PassThrough,
            _ => false,
        };
        if (!supported
            || (usesSecond && !Capabilities.SupportsAddressWidth(pe.AddressWidth))
            || (usesFirst && (pe.Fspm > FirstStagePagingMode.FiveLevel || (pe.Fspm == FirstStagePagingMode.FiveLevel && !Capabilities.FirstStage5Level)))
            || (pe.SupervisorRequestEnable && !Capabilities.SupervisorRequests)
            || (pe.ExecuteRequestEnable && !Capabilities.ExecuteRequests)
            || (pe.ExtendedAccessedFlagEnable && !Capabilities.ExtendedAccessedFlag)
            || (pe.SecondStageAccessedDirtyEnable && !Capabilities.SecondStageAccessedDirty))
        {
            return FaultReason.ScalablePasidEntryInvalid;
        }

        faultProcessingDisable |= pe.FaultProcessingDisable;
        entry = new VtdPasidCacheEntry
        {
            DomainId = pe.DomainId,
            Pasid = pasid,
            Pgtt = pgtt,
            FaultProcessingDisable = faultProcessingDisable,
            SupervisorRequestEnable = pe.SupervisorRequestEnable,
            ExecuteRequestEnable = pe.ExecuteRequestEnable,
            FirstStage = usesFirst
                ? new VtdFirstStageConfig(pe.FirstStagePageTablePointer, 4 + (int)pe.Fspm, haw)
                {
                    LargePages1G = Capabilities.FirstStage1GPages,
                    WriteProtectEnabled = pe.WriteProtectEnable,
                    SupervisorExecutePrevention = pe.SupervisorModeExecutePrevention,
                    ExtendedAccessedEnabled = pe.ExtendedAccessedFlagEnable,
                }
                : default,
            SecondStage = usesSecond
                ? new VtdSecondStageConfig(pe.SecondStagePageTablePointer, pe.AddressWidth + 2, haw, Capabilities.MaximumGuestAddressWidth)
                {
                    LargePages2M = Capabilities.SecondStage2MPages,
                    LargePages1G = Capabilities.SecondStage1GPages,
                    SnoopAllowed = true,
                    TransientMappingAllowed = Capabilities.DeviceTlb,
                    ExecuteEnabled = pe.SecondStageExecuteEnable,
                    AccessedDirtyEnabled = pe.SecondStageAccessedDirtyEnable,
                }
                : default,
        };
        return 0;
    }
}
