using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Specs.Tests.Smmuv3;

/// <summary>
/// Fields that Linux and QEMU do not name but firmware writes, with bit positions from public firmware sources: the
/// Qualcomm UEFI SMMUv3 HAL (QcomPkg/Drivers/HALIOMMUv3Dxe/HALIOMMUv3Reg.c, tables g_cd_field_info and
/// g_ste_field_info: {32-bit word index, offset, width}), and the STE attribute-override shifts of Arm Trusted
/// Firmware / EDK2 (STE_MTCFG_SHIFT (100 - WRAP_1DW) ... STE_INSTCFG_SHIFT (114 - WRAP_1DW)).
/// </summary>
public sealed class FirmwareHeaderGoldenTests
{
    /// <summary>A 32-bit-word field position of the Qualcomm tables, as an absolute bit number.</summary>
    private static int Abs(int word, int offset) => (32 * word) + offset;

    [Fact]
    public void Cd_ttb1_walk_attributes_and_wxn_sit_where_the_firmware_tables_put_them()
    {
        // g_cd_field_info: CD_IR1 {0, 24, 2}, CD_OR1 {0, 26, 2}, CD_SH1 {0, 28, 2}, CD_WXN {1, 4, 1}.
        ulong w0 = (1UL << Abs(0, 24)) | (2UL << Abs(0, 26)) | (3UL << Abs(0, 28)) | (1UL << Abs(0, 31)) // IR1 1, OR1 2, SH1 3, V
            | (1UL << Abs(1, 4)) | (1UL << Abs(1, 9)) | (1UL << Abs(1, 14)); // CD_WXN, CD_AA64 {1, 9, 1}, CD_A {1, 14, 1}
        var cd = Entry.From<ContextDescriptor>(w0);
        Assert.Equal(1, cd.IR1);
        Assert.Equal(2, cd.OR1);
        Assert.Equal(3, cd.SH1);
        Assert.True(cd.WXN);
        Assert.True(cd.AA64);

        var built = new ContextDescriptor { IR1 = 1, OR1 = 2, SH1 = 3, WXN = true, V = true, AA64 = true, A = true, EPD0 = true, EPD1 = true };
        Entry.AssertWords(built, w0 | (1UL << Abs(0, 14)) | (1UL << Abs(0, 30))); // CD_EPD0 {0, 14, 1}, CD_EPD1 {0, 30, 1}
    }
}
