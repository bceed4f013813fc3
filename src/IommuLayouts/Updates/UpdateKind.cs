namespace IommuLayouts.Updates;

/// <summary>Which of the three updates of Linux arm_smmu_write_entry a plan is.</summary>
public enum UpdateKind
{
    /// <summary>No used bit changes: every word is written at once (or nothing at all changes).</summary>
    Unchanged,

    /// <summary>Exactly one word's used bits change: unused bits first, that ("critical") word, then the clean-up.</summary>
    Hitless,

    /// <summary>Two or more words' used bits change: word 0 cleared (the entry stops being live), the rest, then word 0.</summary>
    Breaking,
}
