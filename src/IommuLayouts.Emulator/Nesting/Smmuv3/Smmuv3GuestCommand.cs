namespace IommuLayouts.Emulator.Nesting.Smmuv3;

/// <summary>
/// One raw 128-bit SMMUv3 command from the guest's command queue, as iommufd passes it:
/// <c>struct iommu_viommu_arm_smmuv3_invalidate { __aligned_le64 cmd[2]; }</c> (include/uapi/linux/iommufd.h).
/// </summary>
public readonly record struct Smmuv3GuestCommand(ulong Word0, ulong Word1)
{
    /// <summary>The command's opcode (CMDQ_0_OP, bits 7:0).</summary>
    public byte Opcode => (byte)Word0;
}
