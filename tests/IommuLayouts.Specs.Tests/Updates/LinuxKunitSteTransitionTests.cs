using Xunit;
using static IommuLayouts.Specs.Tests.Updates.LinuxSmmuEntries;

namespace IommuLayouts.Specs.Tests.Updates;

/// <summary>
/// Every STE case of Linux drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-test.c (the 2026 suite with get_update_safe),
/// one test per KUnit function, with its transition, its NUM_EXPECTED_SYNCS and its hitless verdict.
/// </summary>
public sealed class LinuxKunitSteTransitionTests
{
    private static readonly Specs.Smmuv3.StreamTableEntry CdTableSsid0 = CdTable(S1DssSsid0, FakeCdTable, ats: true);

    [Fact] // arm_smmu_v3_write_ste_test_bypass_to_abort
    public void Bypass_to_abort() => PlanAssert.Transition(Bypass, Abort, syncs: 2, hitless: true);

    [Fact] // arm_smmu_v3_write_ste_test_abort_to_bypass
    public void Abort_to_bypass() => PlanAssert.Transition(Abort, Bypass, syncs: 2, hitless: true);

    [Fact] // arm_smmu_v3_write_ste_test_cdtable_to_abort
    public void Cdtable_to_abort() => PlanAssert.Transition(CdTableSsid0, Abort, syncs: 2, hitless: true);

    [Fact] // arm_smmu_v3_write_ste_test_abort_to_cdtable
    public void Abort_to_cdtable() => PlanAssert.Transition(Abort, CdTableSsid0, syncs: 2, hitless: true);

    [Fact] // arm_smmu_v3_write_ste_test_cdtable_to_bypass
    public void Cdtable_to_bypass() => PlanAssert.Transition(CdTableSsid0, Bypass, syncs: 3, hitless: true);

    [Fact] // arm_smmu_v3_write_ste_test_bypass_to_cdtable
    public void Bypass_to_cdtable() => PlanAssert.Transition(Bypass, CdTableSsid0, syncs: 3, hitless: true);

    [Fact] // arm_smmu_v3_write_ste_test_cdtable_s1dss_change
    public void Cdtable_s1dss_change()
    {
        var s1dssBypass = CdTable(S1DssBypass, FakeCdTable, ats: true);
        PlanAssert.Transition(CdTableSsid0, s1dssBypass, syncs: 1, hitless: true);
        PlanAssert.Transition(s1dssBypass, CdTableSsid0, syncs: 1, hitless: true);
    }

    [Fact] // arm_smmu_v3_write_ste_test_s1dssbypass_to_stebypass
    public void S1dssbypass_to_stebypass() =>
        PlanAssert.Transition(CdTable(S1DssBypass, FakeCdTable, ats: true), Bypass, syncs: 2, hitless: true);

    [Fact] // arm_smmu_v3_write_ste_test_stebypass_to_s1dssbypass
    public void Stebypass_to_s1dssbypass() =>
        PlanAssert.Transition(Bypass, CdTable(S1DssBypass, FakeCdTable, ats: true), syncs: 2, hitless: true);

    [Fact] // arm_smmu_v3_write_ste_test_s2_to_abort
    public void S2_to_abort() => PlanAssert.Transition(S2(ats: true), Abort, syncs: 2, hitless: true);

    [Fact] // arm_smmu_v3_write_ste_test_abort_to_s2
    public void Abort_to_s2() => PlanAssert.Transition(Abort, S2(ats: true), syncs: 2, hitless: true);

    [Fact] // arm_smmu_v3_write_ste_test_s2_to_bypass
    public void S2_to_bypass() => PlanAssert.Transition(S2(ats: true), Bypass, syncs: 2, hitless: true);

    [Fact] // arm_smmu_v3_write_ste_test_bypass_to_s2
    public void Bypass_to_s2() => PlanAssert.Transition(Bypass, S2(ats: true), syncs: 2, hitless: true);

    [Fact] // arm_smmu_v3_write_ste_test_s1_to_s2
    public void S1_to_s2() => PlanAssert.Transition(CdTableSsid0, S2(ats: true), syncs: 3, hitless: true);

    [Fact] // arm_smmu_v3_write_ste_test_s2_to_s1
    public void S2_to_s1() => PlanAssert.Transition(S2(ats: true), CdTableSsid0, syncs: 3, hitless: true);

    [Fact] // arm_smmu_v3_write_ste_test_non_hitless: CD table pointer and S1DSS change together.
    public void Non_hitless() =>
        PlanAssert.Transition(CdTableSsid0, CdTable(S1DssBypass, 0x4B4B4b4B4B, ats: true), syncs: 3, hitless: false);

    [Fact] // arm_smmu_v3_write_ste_test_s1_to_s2_stall
    public void S1_to_s2_stall() =>
        PlanAssert.Transition(CdTable(S1DssSsid0, FakeCdTable, stall: true), S2(stall: true), syncs: 3, hitless: true);

    [Fact] // arm_smmu_v3_write_ste_test_s2_to_s1_stall
    public void S2_to_s1_stall() =>
        PlanAssert.Transition(S2(stall: true), CdTable(S1DssSsid0, FakeCdTable, stall: true), syncs: 3, hitless: true);

    [Fact] // arm_smmu_v3_write_ste_test_nested_s1dssbypass_to_s1bypass: "an additional sync to unset ignored bits: EATS and MEV"
    public void Nested_s1dssbypass_to_s1bypass() =>
        PlanAssert.Transition(CdTable(S1DssBypass, FakeCdTable, ats: true, nested: true), S2(), syncs: 3, hitless: true);

    [Fact] // arm_smmu_v3_write_ste_test_nested_s1bypass_to_s1dssbypass
    public void Nested_s1bypass_to_s1dssbypass() =>
        PlanAssert.Transition(S2(), CdTable(S1DssBypass, FakeCdTable, ats: true, nested: true), syncs: 2, hitless: true);

    [Fact] // Without arm_smmu_get_ste_update_safe (before Linux commit 2781f2a930ab) the nested case broke: EATS and MEV made qword 1 critical too.
    public void Nested_case_needs_the_update_safe_fields()
    {
        var plan = IommuLayouts.Updates.UpdatePlanner.Plan(S2(), CdTable(S1DssBypass, FakeCdTable, ats: true, nested: true));
        Assert.Equal(IommuLayouts.Updates.UpdateKind.Hitless, plan.Kind);
        Assert.Equal(0, plan.CriticalWord);
        // arm_smmu_get_ste_update_safe: safe_bits[1] = MEV | FIELD_PREP(EATS, EATS_TRANS). The spec marks the whole EATS
        // field, limited to Abort/Translate on both sides, so bit 29 is equal (clear) in both entries whenever it is safe.
        var safe = Specs.Smmuv3.StreamTableEntry.UpdateSafeBits(S2(), CdTable(S1DssBypass, FakeCdTable, ats: true, nested: true), 1);
        Assert.Equal(Mev | (1UL << 28), safe & ~(1UL << 29));
        Assert.Equal(0UL, Specs.Smmuv3.StreamTableEntry.UpdateSafeBits(S2(stall: true), CdTable(S1DssBypass, FakeCdTable, ats: true, nested: true), 1) & GenMask(29, 28));
    }
}
