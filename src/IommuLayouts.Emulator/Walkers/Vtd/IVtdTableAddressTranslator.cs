namespace IommuLayouts.Emulator.Walkers.Vtd;

/// <summary>
/// Translates the address of each first-stage paging entry before it is read or updated: identity for a
/// first-stage-only walk, the second stage for a nested one (PGTT = Nested: "first level page tables are used for
/// GVA-GPA translation in the guest", Linux intel_pasid_setup_nested).
/// </summary>
public interface IVtdTableAddressTranslator
{
    /// <summary>Translates <paramref name="address"/> for a read, or for the A/D write-back when <paramref name="write"/>.</summary>
    VtdWalkResult TranslateTableAddress(ulong address, bool write, IWalkTraceSink? trace);
}
