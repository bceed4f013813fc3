using System;
using System.Threading;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Specs.Vtd;

using static IommuLayouts.Emulator.Registers.RegisterValue;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>
/// Interrupt remapping (ECAP.IR): IRTA_REG latched by GCMD.SIRTP, GCMD.IRE and GCMD.CFI reported in GSTS.IRES and
/// GSTS.CFIS, the interrupt-remapping table walk for an interrupt request, remapped and posted IRTEs, the
/// interrupt-entry cache and its invalidation, and the interrupt-remapping faults 0x20–0x28.
/// </summary>
/// <remarks>
/// <para>The flow follows QEMU hw/i386/intel_iommu.c (<c>vtd_interrupt_remap_msi</c>, <c>vtd_remap_irq_get</c>,
/// <c>vtd_irte_get</c>, <c>vtd_report_ir_fault</c>) and VirtualBox DevIommuIntel.cpp (<c>dmarIrRemapIntr</c>, the
/// compatibility-format check); posting follows the posted-interrupt descriptor as Linux writes it
/// (arch/x86/include/asm/posted_intr.h, drivers/iommu/intel/irq_remapping.c). Where this model goes beyond QEMU:
/// compatibility-format interrupts are blocked (0x25) when IRTA.EIME is set or GSTS.CFIS is clear (QEMU lets them
/// through); IRTEs are cached and stay stale until an interrupt-entry-cache invalidation (QEMU reads the table every
/// time); posted IRTEs are honoured (CAP.PI).</para>
/// <para>Interrupt requests are not the DMA hot path: they take the unit's lock.</para>
/// </remarks>
public sealed partial class VtdRemappingUnit
{
    private readonly TaggedCache<int, InterruptRemapTableEntry> _interruptEntryCache;
    private InterruptRemapTableAddressRegister _irta;
    private InterruptRemapTableAddressRegister _irtaLatched;
    private long _postedNotifications;

    /// <summary>IRTEs held in the interrupt-entry cache.</summary>
    public int InterruptEntryCacheCount => _interruptEntryCache.Count;

    /// <summary>Notification events sent for posted interrupts (NV to NDST).</summary>
    public long PostedNotificationCount => Interlocked.Read(ref _postedNotifications);

    /// <summary>
    /// Remaps one interrupt request. With GSTS.IRES clear the message goes through unchanged. Otherwise the address is
    /// decoded (reserved bits, 0x20), a compatibility-format request is let through or blocked (0x25), and a remappable
    /// one indexes the interrupt-remapping table (0x21 beyond its size, 0x23 when it cannot be read) for a present
    /// (0x22), well-formed (0x24) IRTE whose source-id check passes (0x26). A remapped IRTE gives the message to
    /// deliver; a posted one sets the PIR bit in its descriptor (0x27 when it cannot be read, 0x28 for reserved bits).
    /// </summary>
    public VtdInterruptResult RemapInterrupt(in VtdInterruptRequest request)
    {
        lock (_lock)
        {
            return RemapInterruptLocked(in request);
        }
    }

    private VtdInterruptResult RemapInterruptLocked(in VtdInterruptRequest request)
    {
        if (!_gsts.InterruptRemappingEnableStatus)
        {
            return new VtdInterruptResult { Outcome = VtdInterruptOutcome.NotRemapped, MessageAddress = request.Address, MessageData = request.Data };
        }

        // Decoding (QEMU vtd_interrupt_remap_msi): address bits 63:32 clear and 31:20 = 0xFEE, else 0x20.
        var address = new RemappableInterruptAddress(request.Address);
        if (!address.Validate().IsValid)
        {
            return InterruptFault(in request, FaultReason.InterruptRequestReservedBitSet, 0, faultProcessingDisable: false);
        }

        if (!address.Remappable)
        {
            // Spec §5.1.2.1, VirtualBox dmarIrRemapIntr's caller: blocked when EIME is set or CFIs are disabled.
            if (_irtaLatched.ExtendedInterruptMode || !_gsts.CompatibilityFormatInterruptStatus)
            {
                return InterruptFault(in request, FaultReason.CompatibilityFormatInterruptBlocked, 0, faultProcessingDisable: false);
            }

            return new VtdInterruptResult { Outcome = VtdInterruptOutcome.Compatibility, MessageAddress = request.Address, MessageData = request.Data };
        }

        var index = address.Handle;
        if (address.SubhandleValid)
        {
            // Data bits 31:16 are reserved with SHV. QEMU checks them after reading the IRTE; a reserved field of the
            // request is a decoding fault, so this model checks it before the table is read.
            var data = new RemappableInterruptData(request.Data);
            if (!data.Validate().IsValid)
            {
                return InterruptFault(in request, FaultReason.InterruptRequestReservedBitSet, index, faultProcessingDisable: false);
            }

            index = unchecked((ushort)(index + data.Subhandle));
        }

        if (index >= _irtaLatched.EntryCount)
        {
            return InterruptFault(in request, FaultReason.InterruptIndexOutOfRange, index, faultProcessingDisable: false);
        }

        if (!TryReadInterruptEntry(index, out var irte))
        {
            return InterruptFault(in request, FaultReason.InterruptRemappingTableAccessError, index, faultProcessingDisable: false);
        }

        // From here every fault is qualified by the IRTE's FPD, not-present included (QEMU vtd_irte_get).
        var fpd = irte.FaultProcessingDisable;
        if (!irte.Present)
        {
            return InterruptFault(in request, FaultReason.IrteNotPresent, index, fpd);
        }

        if (irte.Posted)
        {
            return Post(in request, index, PostedInterruptRemapTableEntry.FromWords([irte.GetWord(0), irte.GetWord(1)]));
        }

        var x2apic = _irtaLatched.ExtendedInterruptMode;
        if (!irte.Validate().IsValid || (!x2apic && irte.HasXapicReservedBits))
        {
            return InterruptFault(in request, FaultReason.IrteReservedBitSet, index, fpd);
        }

        if (!irte.VerifiesSource(request.SourceId))
        {
            return InterruptFault(in request, FaultReason.InterruptSourceIdVerificationFailed, index, fpd);
        }

        // The delivered message (QEMU vtd_generate_msi_message): compatibility format from the IRTE, the request's
        // ignored address bits 1:0 kept, level asserted.
        var destination = x2apic ? irte.Destination : irte.XapicDestination;
        var message = Declared<CompatibilityInterruptAddress>(request.Address);
        message.LogicalDestination = irte.LogicalDestination;
        message.RedirectionHint = irte.RedirectionHint;
        message.AddressHead = RemappableInterruptAddress.InterruptAddressHead;
        message.Destination = destination;
        var messageData = new CompatibilityInterruptData
        {
            Vector = irte.Vector,
            DeliveryMode = irte.DeliveryMode,
            Assert = true,
            LevelTriggered = irte.LevelTriggered,
        };
        return new VtdInterruptResult
        {
            Outcome = VtdInterruptOutcome.Remapped,
            Index = index,
            MessageAddress = message.Word,
            MessageData = (uint)messageData.Word,
            Vector = irte.Vector,
            Destination = destination,
            LogicalDestination = irte.LogicalDestination,
            LevelTriggered = irte.LevelTriggered,
            DeliveryMode = irte.DeliveryMode,
        };
    }

    /// <summary>
    /// Posts through <paramref name="entry"/>: sets PIR[VV] in the descriptor; when ON is clear and URG is set or SN
    /// clear, sets ON and sends the notification event (NV to NDST), otherwise sends nothing. Written back whole.
    /// </summary>
    private VtdInterruptResult Post(in VtdInterruptRequest request, ushort index, PostedInterruptRemapTableEntry entry)
    {
        var fpd = entry.FaultProcessingDisable;

        // IM = 1 without CAP.PI is an invalid IRTE mode: VirtualBox kDmarDiag_Ir_Rfi_Irte_Mode_Invalid reports 0x24.
        if (!Capabilities.PostedInterrupts || !entry.Validate().IsValid)
        {
            return InterruptFault(in request, FaultReason.IrteReservedBitSet, index, fpd);
        }

        if (!entry.VerifiesSource(request.SourceId))
        {
            return InterruptFault(in request, FaultReason.InterruptSourceIdVerificationFailed, index, fpd);
        }

        var pidAddress = entry.DescriptorAddress;
        Span<byte> bytes = stackalloc byte[PostedInterruptDescriptor.SizeBytes];
        if (!Memory.TryRead(pidAddress, bytes))
        {
            return InterruptFault(in request, FaultReason.PostedInterruptDescriptorAccessError, index, fpd);
        }

        var pid = PostedInterruptDescriptor.Read(bytes);
        if (!pid.Validate().IsValid)
        {
            return InterruptFault(in request, FaultReason.PostedInterruptDescriptorReservedBitSet, index, fpd);
        }

        pid.Request(entry.VirtualVector);
        var notify = !pid.OutstandingNotification && (entry.Urgent || !pid.SuppressNotification);
        if (notify)
        {
            pid.OutstandingNotification = true;
        }

        pid.WriteTo(bytes);
        if (!Memory.TryWrite(pidAddress, bytes))
        {
            return InterruptFault(in request, FaultReason.PostedInterruptDescriptorAccessError, index, fpd);
        }

        if (notify)
        {
            Interlocked.Increment(ref _postedNotifications);
        }

        var ndst = pid.NotificationDestination;
        return new VtdInterruptResult
        {
            Outcome = VtdInterruptOutcome.Posted,
            Index = index,
            Vector = entry.VirtualVector,
            DescriptorAddress = pidAddress,
            Urgent = entry.Urgent,
            NotificationSent = notify,
            NotificationVector = pid.NotificationVector,
            NotificationDestination = _irtaLatched.ExtendedInterruptMode ? ndst : new InterruptRemapTableEntry { Destination = ndst }.XapicDestination,
        };
    }

    /// <summary>
    /// The IRTE at <paramref name="index"/>: from the interrupt-entry cache, else read from the table and cached when
    /// present. A cached entry stays until an interrupt-entry-cache invalidation removes it, whatever the table holds.
    /// </summary>
    private bool TryReadInterruptEntry(ushort index, out InterruptRemapTableEntry entry)
    {
        if (_interruptEntryCache.TryGet(index, out entry))
        {
            return true;
        }

        Span<byte> bytes = stackalloc byte[InterruptRemapTableEntry.SizeBytes];
        if (!Memory.TryRead(_irtaLatched.TableAddress + ((ulong)index * (ulong)InterruptRemapTableEntry.SizeBytes), bytes))
        {
            return false;
        }

        entry = InterruptRemapTableEntry.Read(bytes);
        if (entry.Present)
        {
            _interruptEntryCache.Set(index, entry);
        }

        return true;
    }

    /// <summary>
    /// Records an interrupt-remapping fault (QEMU vtd_report_ir_fault): FI holds the interrupt index in bits 63:48, SID
    /// the requester, FR the reason; no PASID and T clear (the request is a write).
    /// </summary>
    private VtdInterruptResult InterruptFault(in VtdInterruptRequest request, FaultReason reason, ushort index, bool faultProcessingDisable)
    {
        var record = new FaultRecord
        {
            FaultInfo = FaultRecord.InterruptFaultInfo(index),
            SourceId = request.SourceId,
            Fr = (byte)reason,
            Fault = true,
        };
        var recorded = !(faultProcessingDisable && VtdQualifiedFaults.IsQualified(reason)) && RecordFaultLocked(in record);
        return new VtdInterruptResult { Outcome = VtdInterruptOutcome.Faulted, Index = index, Reason = reason, Record = record, Recorded = recorded };
    }

    /// <summary>GCMD.SIRTP (one-shot), GCMD.IRE and GCMD.CFI (persistent), with the lock held; nothing without ECAP.IR.</summary>
    private void WriteInterruptRemappingCommands(GlobalCommandRegister command)
    {
        if (!Capabilities.InterruptRemapping)
        {
            return;
        }

        if (command.SetInterruptRemapTablePointer)
        {
            // QEMU vtd_handle_gcmd_sirtp: latch the table and its size, EIME only with ECAP.EIM. CAP.ESIRTPS is not
            // reported, so the interrupt-entry cache is left as it is: software follows SIRTP with a global IEC
            // invalidation (Linux intel_setup_irq_remapping: qi_global_iec).
            var latched = _irta;
            latched.ExtendedInterruptMode &= Capabilities.ExtendedInterruptMode;
            _irtaLatched = latched;
            _gsts.InterruptRemapTablePointerStatus = true;
        }

        if (command.InterruptRemappingEnable != _gsts.InterruptRemappingEnableStatus)
        {
            _gsts.InterruptRemappingEnableStatus = command.InterruptRemappingEnable;
            ResetFaultRecordIndexWhenDisabled();
        }

        _gsts.CompatibilityFormatInterruptStatus = command.CompatibilityFormatInterrupt;
    }

    private void WriteInterruptRemapTableAddress(ulong value) => _irta = Declared<InterruptRemapTableAddressRegister>(value);

    private ulong InterruptRemapTableAddress => _irta.Word;

    /// <summary>
    /// An interrupt-entry-cache invalidation: every entry (global), or the 2^IM entries of the IM-aligned block holding
    /// IIDX (index-selective; Linux qi_flush_iec allocates IRTE blocks aligned to their mask). IM above ECAP.MHMV is a
    /// reserved-field error.
    /// </summary>
    private InvalidationQueueErrorInfo InvalidateInterruptEntryCache(in InterruptEntryCacheInvalidateDescriptor descriptor)
    {
        if (descriptor.Granularity == InterruptEntryCacheGranularity.Global)
        {
            _interruptEntryCache.InvalidateAll();
            return InvalidationQueueErrorInfo.NotAvailable;
        }

        if (descriptor.IndexMask > Capabilities.MaximumHandleMaskValue)
        {
            return InvalidationQueueErrorInfo.ReservedFieldViolation;
        }

        _interruptEntryCache.InvalidateWhere(
            static (index, block) => index >= block.First && index < block.First + block.Count, (First: descriptor.FirstIndex, Count: descriptor.IndexCount));

        return InvalidationQueueErrorInfo.NotAvailable;
    }
}
