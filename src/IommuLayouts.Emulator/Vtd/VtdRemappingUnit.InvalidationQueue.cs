using System;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>
/// The invalidation queue: descriptors from IQH to IQT in the ring at IQA, 128- or 256-bit (IQA.DW, honoured with
/// ECAP.SMTS as in QEMU vtd_update_iq_dw). A malformed descriptor sets FSTS.IQE with its reason in IQERCD and stops
/// the queue with IQH at that descriptor; nothing of it is carried out. Clearing IQE resumes from IQH.
/// </summary>
public sealed partial class VtdRemappingUnit
{
    private bool WideQueue => Capabilities.ScalableMode && _iqaLatched.WideDescriptors;

    /// <summary>2^(QS + 8) 128-bit slots: 256 × 2^QS narrow descriptors, half as many wide ones (IQA.DW with ECAP.SMTS).</summary>
    private int QueueEntries => 1 << (_iqaLatched.QueueSize + 8 - (WideQueue ? 1 : 0));

    private void ProcessInvalidationQueue()
    {
        if (!_gsts.QueuedInvalidationEnableStatus || _fsts.InvalidationQueueError)
        {
            return;
        }

        var wide = WideQueue;
        var size = InvalidationQueue.DescriptorSize(wide);
        if (_iqt.ByteOffset % size != 0)
        {
            QueueError(InvalidationQueueErrorInfo.TailMisaligned);
            return;
        }

        var entries = (ulong)QueueEntries;
        var tail = (ulong)_iqt.DescriptorIndex(wide);
        if (tail >= entries)
        {
            QueueError(InvalidationQueueErrorInfo.InvalidTailPointer);
            return;
        }

        // Bounded work (issue 16): IQA.QS is 3 bits, so the ring has at most 2^15 slots (QEMU hw/i386/intel_iommu.c
        // vtd_handle_gcmd_qie: iq_size = 1UL << (VTD_IQA_QS(val) + 8)); IQT is checked against it above and IQH only
        // ever holds a slot index below it, so one IQT write runs each slot at most once. Root and PASID tables are
        // bounded by their formats (256 root entries by bus, 2 PASID levels), so one request reads a fixed number of
        // entries.
        var baseAddress = _iqaLatched.QueueBase;
        Span<byte> bytes = stackalloc byte[32];
        var head = (ulong)_iqh.DescriptorIndex(wide);
        while (head != tail)
        {
            var descriptor = bytes[..size];
            if (!Memory.TryRead(baseAddress + (head * (ulong)size), descriptor))
            {
                QueueError(InvalidationQueueErrorInfo.DescriptorFetchError);
                return;
            }

            var error = Execute(descriptor, wide);
            if (error != InvalidationQueueErrorInfo.NotAvailable)
            {
                QueueError(error);
                return;
            }

            head = (head + 1) % entries;
            _iqh = InvalidationQueueHeadRegister.AtDescriptor((int)head, wide);
        }
    }

    private void QueueError(InvalidationQueueErrorInfo info)
    {
        var before = _fsts;
        _fsts.InvalidationQueueError = true;
        _iqercd = new InvalidationQueueErrorRecordRegister { ErrorInfo = info };
        SignalFaultEvent(before);
    }

    /// <summary>Checks and carries out one descriptor; returns why it is malformed, or NotAvailable when it was done.</summary>
    private InvalidationQueueErrorInfo Execute(ReadOnlySpan<byte> bytes, bool wide)
    {
        var word0 = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var type = InvalidationDescriptor.TypeOf(word0);
        if (InvalidationDescriptor.RequiresWideDescriptors(type) && !wide)
        {
            return InvalidationQueueErrorInfo.InvalidDescriptorWidth;
        }

        const InvalidationQueueErrorInfo reserved = InvalidationQueueErrorInfo.ReservedFieldViolation;
        switch (type)
        {
            case InvalidationDescriptorType.ContextCache:
            {
                var d = InvalidationQueue.ReadDescriptor<ContextCacheInvalidateDescriptor>(bytes, wide);
                if (!d.Validate().IsValid)
                {
                    return reserved;
                }

                InvalidateContextCache(d.Granularity, d.DomainId, d.SourceId, d.FunctionMask);
                return 0;
            }

            case InvalidationDescriptorType.Iotlb:
            {
                var d = InvalidationQueue.ReadDescriptor<IotlbInvalidateDescriptor>(bytes, wide);
                if (!d.Validate().IsValid || (d.Granularity == IotlbGranularity.Page
                    && (!Capabilities.PageSelectiveInvalidation || d.AddressMask > Capabilities.MaximumAddressMaskValue)))
                {
                    return reserved;
                }

                InvalidateIotlb(d.Granularity, d.DomainId, d.Address, d.AddressMask);
                return 0;
            }

            case InvalidationDescriptorType.DeviceTlb:
            {
                if (!Capabilities.DeviceTlb)
                {
                    return InvalidationQueueErrorInfo.InvalidDescriptorType;
                }

                // The model has no device-TLBs (no ATS requests): a well-formed descriptor completes at once.
                return InvalidationQueue.ReadDescriptor<DeviceTlbInvalidateDescriptor>(bytes, wide).Validate().IsValid ? 0 : reserved;
            }

            case InvalidationDescriptorType.InterruptEntryCache:
            {
                if (!Capabilities.InterruptRemapping)
                {
                    return InvalidationQueueErrorInfo.InvalidDescriptorType;
                }

                var d = InvalidationQueue.ReadDescriptor<InterruptEntryCacheInvalidateDescriptor>(bytes, wide);
                return d.Validate().IsValid ? InvalidateInterruptEntryCache(in d) : reserved;
            }

            case InvalidationDescriptorType.InvalidationWait:
            {
                var d = InvalidationQueue.ReadDescriptor<InvalidationWaitDescriptor>(bytes, wide);
                if (!d.Validate().IsValid || (d.PageRequestDrain && !Capabilities.PageRequestDrain))
                {
                    return reserved;
                }

                // Descriptors run in order, so every earlier invalidation is complete: the fence (FN) holds trivially.
                if (d.StatusWrite)
                {
                    // A status write that aborts is lost, as a posted write would be.
                    _ = Memory.TryWriteUInt32(d.StatusAddress, d.StatusData);
                }

                if (d.InterruptFlag)
                {
                    _ics.InvalidationWaitComplete = true;
                    _iectl.InterruptPending = true;
                    if (!_iectl.InterruptMask)
                    {
                        _iectl.InterruptPending = false;
                        System.Threading.Interlocked.Increment(ref _invalidationEvents);
                    }
                }

                return 0;
            }

            case InvalidationDescriptorType.PasidIotlb:
            {
                var d = InvalidationQueue.ReadDescriptor<PasidIotlbInvalidateDescriptor>(bytes, wide);
                if (!d.Validate().IsValid || (d.Granularity == PasidIotlbGranularity.PageWithinPasid && d.AddressMask > Capabilities.MaximumAddressMaskValue))
                {
                    return reserved;
                }

                InvalidatePasidIotlb(d.Granularity, d.DomainId, d.Pasid, d.Address, d.AddressMask);
                return 0;
            }

            case InvalidationDescriptorType.PasidCache:
            {
                var d = InvalidationQueue.ReadDescriptor<PasidCacheInvalidateDescriptor>(bytes, wide);
                if (!d.Validate().IsValid)
                {
                    return reserved;
                }

                InvalidatePasidCache(d.Granularity, d.DomainId, d.Pasid);
                return 0;
            }

            case InvalidationDescriptorType.PasidDeviceTlb:
                if (!Capabilities.DeviceTlb)
                {
                    return InvalidationQueueErrorInfo.InvalidDescriptorType;
                }

                return InvalidationQueue.ReadDescriptor<PasidDeviceTlbInvalidateDescriptor>(bytes, wide).Validate().IsValid ? 0 : reserved;

            case InvalidationDescriptorType.PageGroupResponse:
                if (!Capabilities.PageRequests)
                {
                    return InvalidationQueueErrorInfo.InvalidDescriptorType;
                }

                // Page requests are not modelled, so no group is outstanding: a well-formed response completes.
                return InvalidationQueue.ReadDescriptor<PageGroupResponseDescriptor>(bytes, wide).Validate().IsValid ? 0 : reserved;

            default:
                // Unknown types, and the page-stream response, which no source gives a layout for.
                return InvalidationQueueErrorInfo.InvalidDescriptorType;
        }
    }
}
