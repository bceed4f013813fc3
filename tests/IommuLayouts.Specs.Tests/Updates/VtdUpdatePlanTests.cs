using IommuLayouts.Specs.Vtd;
using IommuLayouts.Updates;
using Xunit;

namespace IommuLayouts.Specs.Tests.Updates;

/// <summary>
/// The update planner on the VT-d scalable-mode PASID entry and context entry, against the orders Linux uses
/// (drivers/iommu/intel/pasid.c, iommu.c): set-up writes every field and sets P last (pasid_pte_config_* end with
/// pasid_set_present; context_set_present after context_set_sm_*); tear-down clears the entry (P first, then the rest)
/// and flushes; replacing a present entry whose used fields span two words is clear-then-update (the 2026 fix of
/// intel_pasid_replace_*, which had copied the new entry over the live one with <c>*pte = new_pte</c>).
/// Entries are built from the bit positions of pasid.h pasid_set_* ("Bit 64~79" etc.), not through the generated setters.
/// </summary>
public sealed class VtdUpdatePlanTests
{
    private const ulong Present = 1UL << 0; // pasid_set_present / context_set_present

    /// <summary>A second-stage-only PASID entry: pasid_pte_config_second_level (SSPTPTR, AW, PGTT_SL_ONLY, DID, PWSNP).</summary>
    private static PasidEntry SecondStage(ulong ssptptr, ushort did) => PasidEntry.FromWords([
        Present | (2UL << 2) | (2UL << 6) | ssptptr, // AW bits 4:2, PGTT bits 8:6 = PASID_ENTRY_PGTT_SL_ONLY, SLPTPTR 63:12
        did | (1UL << 23),                           // DID "Bit 64~79", PWSNP "Bit 87"
    ]);

    /// <summary>A first-stage-only PASID entry: pasid_pte_config_first_level (FSPTPTR "Bit 140~191", FLPM 4-level, PGTT_FL_ONLY, DID).</summary>
    private static PasidEntry FirstStage(ulong fsptptr, ushort did) => PasidEntry.FromWords([
        Present | (1UL << 6),
        did | (1UL << 23),
        fsptptr,
    ]);

    [Fact] // intel_pasid_setup_second_level: the entry is filled while not present; P is the last store.
    public void Pasid_setup_sets_present_last()
    {
        var plan = PlanAssert.Transition(default, SecondStage(0x1_0000_0000, 5), syncs: 2, hitless: false);
        Assert.Equal(UpdateKind.Hitless, plan.Kind);
        Assert.Equal(0, plan.CriticalWord);
        Assert.Equal([new WordWrite(0, SecondStage(0x1_0000_0000, 5).GetWord(0))], plan.Phases[1].Writes);
        Assert.False(plan.Phases[0].After.IsLive);
    }

    [Fact] // intel_pasid_tear_down_entry: the entry stops being present before the other words are cleared.
    public void Pasid_teardown_clears_present_first()
    {
        var plan = PlanAssert.Transition(SecondStage(0x1_0000_0000, 5), default, syncs: 2, hitless: false);
        Assert.Equal([new WordWrite(0, 0)], plan.Phases[0].Writes);
    }

    [Fact] // Replacing domain and table (SSPTPTR in word 0, DID in word 1): clear-then-update, three syncs.
    public void Pasid_replace_of_table_and_domain_is_clear_then_update()
    {
        var plan = PlanAssert.Transition(SecondStage(0x1_0000_0000, 5), SecondStage(0x2_0000_0000, 6), syncs: 3, hitless: false);
        Assert.Equal(UpdateKind.Breaking, plan.Kind);
        Assert.Equal([new WordWrite(0, 0)], plan.Phases[0].Writes);
    }

    // Second stage to first stage with the same DID: Linux (2026) still clears first, but the used bits allow better:
    // FSPTPTR (word 2) is ignored while PGTT is SecondStage, so it is stored first and word 0 (PGTT) switches atomically,
    // the pattern of arm_smmu_v3_write_ste_test_s2_to_s1 (the new stage's table in a word the old one does not use).
    [Fact]
    public void Pasid_switch_to_first_stage_with_the_same_domain_is_hitless()
    {
        var plan = PlanAssert.Transition(SecondStage(0x1_0000_0000, 5), FirstStage(0x3_0000_0000, 5), syncs: 2, hitless: true);
        Assert.Equal([new WordWrite(2, 0x3_0000_0000)], plan.Phases[0].Writes);
    }

    [Fact] // The same switch with a new DID (word 1) as well: two used words change, so clear-then-update.
    public void Pasid_switch_to_first_stage_with_a_new_domain_is_clear_then_update() =>
        PlanAssert.Transition(SecondStage(0x1_0000_0000, 5), FirstStage(0x3_0000_0000, 6), syncs: 3, hitless: false);

    [Fact] // Only DID changes (one qword): one store, as arm_smmu_v3_write_cd_test_s1_change_asid for an ASID.
    public void Pasid_domain_change_alone_is_one_store() =>
        PlanAssert.Transition(SecondStage(0x1_0000_0000, 5), SecondStage(0x1_0000_0000, 6), syncs: 1, hitless: true);

    [Fact] // A second-stage entry ignores the first-stage pointer (word 2): it may be written with the PGTT switch's clean-up.
    public void Pasid_first_stage_fields_are_unused_by_a_second_stage_entry()
    {
        var e = SecondStage(0x1_0000_0000, 5);
        Assert.Equal(0UL, e.UsedBits(2) & LinuxSmmuEntries.GenMask(63, 12)); // FSPTPTR "Bit 140~191"; SRE (bit 128) stays
        Assert.Equal(Present, default(PasidEntry).UsedBits(0));
        Assert.NotEqual(0UL, FirstStage(0x3_0000_0000, 5).UsedBits(2));
    }

    /// <summary>context_set_sm_pasid_table style entry: P, PDTS (bits 11:9), PASIDDIRPTR (63:12); RID_PASID in word 1.</summary>
    private static ScalableContextEntry SmContext(ulong pasidDir, uint ridPasid = 0) =>
        ScalableContextEntry.FromWords([Present | (1UL << 9) | pasidDir, ridPasid]);

    [Fact] // domain_context_mapping / context_entry_set_pasid_table: fields first, context_set_present last.
    public void Context_setup_sets_present_last()
    {
        var plan = PlanAssert.Transition(default, SmContext(0x5_0000_0000), syncs: 1, hitless: true);
        Assert.Equal([new WordWrite(0, SmContext(0x5_0000_0000).GetWord(0))], plan.Phases[0].Writes);
    }

    [Fact] // domain_context_clear_one: context_clear_entry, then the context-cache flush.
    public void Context_teardown_clears_present_first() =>
        PlanAssert.Transition(SmContext(0x5_0000_0000, ridPasid: 1), default, syncs: 2, hitless: false);

    [Fact] // New PASID directory and RID_PASID (words 0 and 1): clear-then-update.
    public void Context_replace_across_words_is_clear_then_update() =>
        PlanAssert.Transition(SmContext(0x5_0000_0000), SmContext(0x6_0000_0000, ridPasid: 1), syncs: 3, hitless: false);
}
