using System;
using System.Collections.Generic;
using System.Globalization;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Nesting;

/// <summary>
/// A host IOMMU driver with nesting, the same API for SMMUv3 (<see cref="Smmuv3.Smmuv3NestingIommu"/>) and VT-d
/// (<see cref="Vtd.VtdNestingIommu"/>): stage-2 domains, one bind call for a guest stage-1 configuration (checked against the
/// device's capabilities, every reason reported), unbind and rebind in a safe write order, guest invalidation batches
/// and guest-side events. It programs the device model only through its registers and in-memory tables, as a driver.
/// </summary>
/// <remarks>
/// The 2018 form of bind is the seed's <c>pasid_table_config</c>; the checks and the entries written follow today's
/// iommufd drivers: Linux drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-iommufd.c (arm_smmu_validate_vste,
/// arm_smmu_make_nested_domain_ste, arm_vsmmu_convert_user_cmd) and drivers/iommu/intel/nested.c + pasid.c
/// (intel_pasid_setup_nested, pasid_pte_config_nestd, intel_nested_cache_invalidate_user).
/// </remarks>
public abstract class NestingIommu
{
    private readonly Dictionary<(uint HostId, uint? Pasid), NestedBinding> _bindings = [];
    private readonly List<HostStage2Domain> _domains = [];
    private readonly List<GuestEvent> _guestEvents = [];
    private readonly List<string> _issued = [];

    /// <summary>A host over <paramref name="memory"/>; host tables and queues are allocated in [<paramref name="poolStart"/>, <paramref name="poolLimit"/>).</summary>
    protected NestingIommu(IGuestMemory memory, ulong poolStart, ulong poolLimit)
    {
        ArgumentNullException.ThrowIfNull(memory);
        Memory = memory;
        HostAllocator = new BumpTableAllocator(memory, poolStart, poolLimit);
    }

    /// <summary>Host-physical memory: host tables, queues, and guest RAM (where stage-2 domains map it).</summary>
    public IGuestMemory Memory { get; }

    /// <summary>SMMUv3 or VT-d.</summary>
    public abstract NestingVendor Vendor { get; }

    /// <summary>Called after every single 64-bit write of a bind/unbind entry (address, value): lets a test translate between writes.</summary>
    public Action<ulong, ulong>? AfterEntryWrite { get; set; }

    /// <summary>Every invalidation command / descriptor this host issued, by name, oldest first.</summary>
    public IReadOnlyList<string> IssuedInvalidations => _issued;

    /// <summary>The current bindings.</summary>
    public IEnumerable<NestedBinding> Bindings => _bindings.Values;

    /// <summary>Allocator for host tables and queues.</summary>
    protected ITableAllocator HostAllocator { get; }

    /// <summary>PASID / SubstreamID bits the host supports.</summary>
    public abstract int HostPasidBits { get; }

    /// <summary>
    /// A new stage-2 domain with VMID/DID <paramref name="id"/> and <paramref name="ipaBits"/> of guest-physical space
    /// (SMMUv3: 25..48; VT-d: 39, 48 or 57 as CAP.SAGAW allows). Misuse throws <see cref="ArgumentException"/>.
    /// </summary>
    public HostStage2Domain CreateStage2Domain(ushort id, int ipaBits = 48)
    {
        CheckDomain(id, ipaBits);
        foreach (var d in _domains)
        {
            if (d.Id == id)
            {
                throw new ArgumentException($"Domain id {id} is already used.", nameof(id));
            }
        }

        var domain = new HostStage2Domain(this, id, ipaBits, HostAllocator, LargeStage2Pages);
        _domains.Add(domain);
        return domain;
    }

    /// <summary>
    /// Binds a guest stage-1 configuration to <paramref name="endpoint"/> on top of <paramref name="domain"/>. Bad guest
    /// data is never an exception: the result lists every reason. On success the host entry is written in a safe order
    /// and the device's caches invalidated; a previous binding of the endpoint is replaced.
    /// </summary>
    public NestedBindResult Bind(NestedEndpoint endpoint, HostStage2Domain domain, GuestStage1Config config)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(config);
        if (domain.Owner != this)
        {
            throw new ArgumentException("The domain belongs to another IOMMU.", nameof(domain));
        }

        var reasons = CheckBind(endpoint, domain, config);
        if (reasons.Count > 0)
        {
            return NestedBindResult.Rejected(reasons);
        }

        var issuedBefore = _issued.Count;
        var (words, address) = Install(endpoint, domain, config, _bindings.GetValueOrDefault((endpoint.HostId, endpoint.Pasid)));
        _bindings[(endpoint.HostId, endpoint.Pasid)] = new NestedBinding(endpoint, domain, config);
        return NestedBindResult.Installed(words, address, EntryLayout, _issued.GetRange(issuedBefore, _issued.Count - issuedBefore));
    }

    /// <summary>
    /// Every reason <see cref="Bind"/> would refuse <paramref name="config"/> for <paramref name="endpoint"/> on
    /// <paramref name="domain"/> (empty: it would be installed); writes nothing.
    /// </summary>
    public IReadOnlyList<BindRejection> CheckBind(NestedEndpoint endpoint, HostStage2Domain domain, GuestStage1Config config)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(config);
        var reasons = new List<BindRejection>();
        CheckEndpoint(endpoint, reasons);
        if (config.Version != GuestStage1Config.Version1)
        {
            reasons.Add(new BindRejection("version", $"version {config.Version} is unknown", "PASID_TABLE_CFG_VERSION_1 (1)"));
        }

        if (config.Format != Vendor)
        {
            reasons.Add(new BindRejection("format", $"format {(int)config.Format} ({config.Format}) is not this IOMMU's table format", $"{(int)Vendor} ({Vendor})"));
        }
        else if (config.Bytes != GuestStage1Config.BytesFor(Vendor))
        {
            reasons.Add(new BindRejection("bytes", $"size {config.Bytes} does not match version 1 of the {Vendor} structure", GuestStage1Config.BytesFor(Vendor).ToString(CultureInfo.InvariantCulture)));
        }

        if (!Enum.IsDefined(config.Mode))
        {
            reasons.Add(new BindRejection("config", $"mode {(int)config.Mode} is undefined", "abort (0), bypass (1), translate (2)"));
        }

        if (config.PasidBits < 0 || config.PasidBits > HostPasidBits)
        {
            reasons.Add(new BindRejection("pasid_bits", $"{config.PasidBits} PASID bits exceed the host's", $"0..{HostPasidBits} ({PasidBitsSource})"));
        }

        if (config.Mode == GuestStage1Mode.Translate)
        {
            CheckTablePointer("base_ptr", config.BasePointer, domain, TableAlignment, reasons);
        }

        CheckVendor(endpoint, domain, config, reasons);
        return reasons;
    }

    /// <summary>Detaches <paramref name="endpoint"/>: its entry becomes abort (SMMUv3 abort STE; VT-d P = 0), written safely and invalidated.</summary>
    public bool Unbind(NestedEndpoint endpoint)
    {
        if (!_bindings.Remove((endpoint.HostId, endpoint.Pasid), out var old))
        {
            return false;
        }

        Uninstall(old);
        return true;
    }

    /// <summary>The binding of an endpoint, or null.</summary>
    public NestedBinding? FindBinding(uint hostId, uint? pasid = null) => _bindings.GetValueOrDefault((hostId, pasid));

    /// <summary>
    /// Runs one DMA request from device <paramref name="hostId"/> (StreamID / source id) with an optional
    /// SubstreamID/PASID; events or faults it causes on a bound endpoint are queued for the guest (<see cref="DrainGuestEvents"/>).
    /// </summary>
    public abstract NestedTranslation Translate(uint hostId, ulong address, AccessKind access, bool privileged = false, uint? pasid = null, IWalkTraceSink? trace = null);

    /// <summary>
    /// Passes a guest invalidation request through: the host checks each entry, issues what it means on the physical
    /// IOMMU, and stops at the first entry it refuses (<see cref="InvalidationBatchResult.Done"/> says how many went
    /// through). A request of a data type this host does not take does nothing; an empty one answers whether the type
    /// is supported.
    /// </summary>
    public InvalidationBatchResult InvalidateGuest(GuestInvalidation request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.DataType == InvalidationDataType
            ? Invalidate(request)
            : new(0, $"{request.DataTypeName} is not supported by {(Vendor == NestingVendor.Smmuv3 ? "an SMMUv3" : "a VT-d")} host");
    }

    /// <summary>Writes a register of the physical IOMMU (its MMIO page), as the host driver does.</summary>
    public abstract bool WriteRegister(ulong offset, ulong value, int width);

    /// <summary>Reads a register of the physical IOMMU.</summary>
    public abstract ulong ReadRegister(ulong offset, int width);

    /// <summary>Events and faults reported to guests since the last call, oldest first.</summary>
    public IReadOnlyList<GuestEvent> DrainGuestEvents()
    {
        var list = _guestEvents.ToArray();
        _guestEvents.Clear();
        return list;
    }

    /// <summary>The format of the entries bind writes.</summary>
    protected abstract LayoutInfo EntryLayout { get; }

    /// <summary>The one guest-invalidation data type this host passes through.</summary>
    protected abstract GuestInvalidationDataType InvalidationDataType { get; }

    /// <summary>Passes a request of <see cref="InvalidationDataType"/> through.</summary>
    protected abstract InvalidationBatchResult Invalidate(GuestInvalidation request);

    /// <summary>Alignment of the guest table pointer.</summary>
    protected abstract ulong TableAlignment { get; }

    /// <summary>Where <see cref="HostPasidBits"/> comes from, for rejection messages.</summary>
    protected abstract string PasidBitsSource { get; }

    /// <summary>VT-d: second-stage 2 MiB pages (CAP.SLLPS).</summary>
    protected virtual bool LargeStage2Pages => true;

    /// <summary>Checks a domain id and size; throws <see cref="ArgumentException"/> on misuse.</summary>
    protected abstract void CheckDomain(ushort id, int ipaBits);

    /// <summary>Checks the endpoint against the device (StreamID range, PASID range).</summary>
    protected abstract void CheckEndpoint(NestedEndpoint endpoint, List<BindRejection> reasons);

    /// <summary>Checks the vendor part against the device's capabilities.</summary>
    protected abstract void CheckVendor(NestedEndpoint endpoint, HostStage2Domain domain, GuestStage1Config config, List<BindRejection> reasons);

    /// <summary>Computes and writes the entry; returns it and its address.</summary>
    protected abstract (ulong[] Words, ulong Address) Install(NestedEndpoint endpoint, HostStage2Domain domain, GuestStage1Config config, NestedBinding? previous);

    /// <summary>Makes a binding's entry abort.</summary>
    protected abstract void Uninstall(NestedBinding binding);

    /// <summary>Invalidates every cached translation of a domain after its stage 2 changed.</summary>
    internal abstract void InvalidateStage2(HostStage2Domain domain);

    /// <summary>Writes one 64-bit word of an entry, then calls <see cref="AfterEntryWrite"/>.</summary>
    protected void WriteEntryWord(ulong address, ulong value)
    {
        if (!Memory.TryWriteUInt64(address, value))
        {
            throw new InvalidOperationException($"Host memory at 0x{address:x} cannot be written.");
        }

        AfterEntryWrite?.Invoke(address, value);
    }

    /// <summary>Notes an invalidation issued to the device.</summary>
    protected void NoteIssued(string what) => _issued.Add(what);

    /// <summary>Queues an event for the guest.</summary>
    protected void ReportToGuest(GuestEvent e) => _guestEvents.Add(e);

    /// <summary>The binding whose endpoint has guest id <paramref name="guestId"/> on domain <paramref name="vm"/>.</summary>
    protected NestedBinding? FindByGuestId(HostStage2Domain vm, uint guestId)
    {
        foreach (var b in _bindings.Values)
        {
            if (b.Domain == vm && b.Endpoint.GuestId == guestId)
            {
                return b;
            }
        }

        return null;
    }

    /// <summary>Checks that a guest table pointer is aligned, inside the IPA space, and mapped readable by the stage 2.</summary>
    protected static void CheckTablePointer(string field, ulong gpa, HostStage2Domain domain, ulong alignment, List<BindRejection> reasons)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(reasons);
        if ((gpa & (alignment - 1)) != 0)
        {
            reasons.Add(new BindRejection(field, Hex("0x{0} is not aligned", gpa), $"{alignment}-byte aligned table addresses"));
        }

        if (domain.IpaBits < 64 && gpa >> domain.IpaBits != 0)
        {
            reasons.Add(new BindRejection(field, Hex("GPA 0x{0} is beyond the stage-2 input size", gpa), $"GPAs below 2^{domain.IpaBits}"));
        }
        else if (!domain.TryTranslate(gpa, out _, out var prot) || (prot & IommuProt.Read) == 0)
        {
            reasons.Add(new BindRejection(field, Hex("GPA 0x{0} is not mapped readable by the host stage 2", gpa), "a table in guest RAM the stage-2 domain maps"));
        }
    }

    /// <summary>Formats a number in hex into a message.</summary>
    protected static string Hex(string format, ulong value) =>
        string.Format(CultureInfo.InvariantCulture, format, value.ToString("x", CultureInfo.InvariantCulture));
}
