namespace IommuLayouts.Specs.Smmuv3;

/// <summary>EVENT.CLASS (bits 105:104): which access was being made when a translation-related fault happened.</summary>
/// <remarks>Linux arm-smmu-v3.c event_class_str and EVTQ_1_CLASS_TT; QEMU SMMUTranslationClass. 3 is reserved.</remarks>
public enum EventClass : byte
{
    /// <summary>Fetching a CD (a stage-2 fault on the CD's address in a nested configuration).</summary>
    CD = 0,

    /// <summary>Fetching a stage-1 translation table (or translating its address through stage 2).</summary>
    TT = 1,

    /// <summary>The input address of the transaction itself.</summary>
    IN = 2,
}
