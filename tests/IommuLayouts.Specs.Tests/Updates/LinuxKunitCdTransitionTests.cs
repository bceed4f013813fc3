using Xunit;
using static IommuLayouts.Specs.Tests.Updates.LinuxSmmuEntries;

namespace IommuLayouts.Specs.Tests.Updates;

/// <summary>Every CD case of Linux drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-test.c, one test per KUnit function.</summary>
public sealed class LinuxKunitCdTransitionTests
{
    [Fact] // arm_smmu_v3_write_cd_test_s1_clear
    public void S1_clear()
    {
        var cleared = default(Specs.Smmuv3.ContextDescriptor);
        PlanAssert.Transition(cleared, S1Cd(1997), syncs: 2, hitless: false);
        PlanAssert.Transition(S1Cd(1997), cleared, syncs: 2, hitless: false);
    }

    [Fact] // arm_smmu_v3_write_cd_test_s1_change_asid
    public void S1_change_asid()
    {
        PlanAssert.Transition(S1Cd(778), S1Cd(1997), syncs: 1, hitless: true);
        PlanAssert.Transition(S1Cd(1997), S1Cd(778), syncs: 1, hitless: true);
    }

    [Fact] // arm_smmu_v3_write_cd_test_sva_clear
    public void Sva_clear()
    {
        var cleared = default(Specs.Smmuv3.ContextDescriptor);
        PlanAssert.Transition(cleared, SvaCd(1997), syncs: 2, hitless: false);
        PlanAssert.Transition(SvaCd(1997), cleared, syncs: 2, hitless: false);
    }

    [Fact] // arm_smmu_v3_write_cd_test_sva_release
    public void Sva_release()
    {
        PlanAssert.Transition(SvaCd(1997), SvaCd(1997, released: true), syncs: 2, hitless: true);
        PlanAssert.Transition(SvaCd(1997, released: true), SvaCd(1997), syncs: 2, hitless: true);
    }
}
