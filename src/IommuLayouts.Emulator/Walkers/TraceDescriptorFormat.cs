namespace IommuLayouts.Emulator.Walkers;

/// <summary>Which paging-entry format a trace step read, so the step can be decoded with the right generated type.</summary>
public enum TraceDescriptorFormat : byte
{
    /// <summary>A VMSAv8-64 descriptor (vmsa64.s1.* at stage 1, vmsa64.s2.* at stage 2).</summary>
    Vmsa64,

    /// <summary>A VT-d first-stage paging entry (vtd.fs-pte).</summary>
    VtdFirstStage,

    /// <summary>A VT-d second-stage paging entry (vtd.ss-pte).</summary>
    VtdSecondStage,
}
