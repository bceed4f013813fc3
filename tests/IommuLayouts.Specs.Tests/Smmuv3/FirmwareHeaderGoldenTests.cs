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

    // TF-A / EDK2 SmmuV3: WRAP_1DW 64; STE_MTCFG_SHIFT (100 - WRAP_1DW), STE_ALLOCCFG_SHIFT (101 - WRAP_1DW),
    // STE_SHCFG_SHIFT (108 - WRAP_1DW), STE_NSCFG_SHIFT (110 - WRAP_1DW), STE_PRIVCFG_SHIFT (112 - WRAP_1DW),
    // STE_INSTCFG_SHIFT (114 - WRAP_1DW), all shifts within dword 1; STE_CFG_SHIFT 1, STE_CFG_BYPASS 4, STE_VALID 1.
    private const int WrapDw1 = 64;
    private const int MtCfgShift = 100 - WrapDw1, AllocCfgShift = 101 - WrapDw1, ShCfgShift = 108 - WrapDw1;
    private const int NsCfgShift = 110 - WrapDw1, PrivCfgShift = 112 - WrapDw1, InstCfgShift = 114 - WrapDw1;

    [Fact]
    public void Ste_attribute_overrides_sit_at_the_firmware_shifts()
    {
        // A bypass STE with every override set; MemAttr is g_ste_field_info {3, 0, 4}: dword 1 bits 35:32.
        ulong w0 = 1UL | (4UL << 1);
        ulong w1 = (0xFUL << (Abs(3, 0) - 64)) | (1UL << MtCfgShift) | (0b1110UL << AllocCfgShift) | (1UL << ShCfgShift)
            | (3UL << NsCfgShift) | (3UL << PrivCfgShift) | (2UL << InstCfgShift);
        var ste = Entry.From<StreamTableEntry>(w0, w1);
        Assert.Equal(SteConfig.Bypass, ste.Config);
        Assert.Equal(0xF, ste.MemAttr);
        Assert.True(ste.MTCFG);
        Assert.Equal(0b1110, ste.ALLOCCFG);
        Assert.Equal(1, ste.SHCFG);
        Assert.Equal(3, ste.NSCFG);
        Assert.Equal(StePrivCfg.Privileged, ste.PRIVCFG);
        Assert.Equal(SteInstCfg.Data, ste.INSTCFG);
        Assert.True(ste.Validate().IsValid);

        var built = new StreamTableEntry
        {
            V = true, Config = SteConfig.Bypass, MemAttr = 0xF, MTCFG = true, ALLOCCFG = 0b1110, SHCFG = 1, NSCFG = 3,
            PRIVCFG = StePrivCfg.Privileged, INSTCFG = SteInstCfg.Data,
        };
        Entry.AssertWords(built, w0, w1);
    }

    [Fact]
    public void Ste_privcfg_and_instcfg_reserved_encodings_are_legal()
    {
        // 0b01 of PRIVCFG and INSTCFG is reserved and behaves as 0b00 (use incoming): not reported.
        var ste = Entry.From<StreamTableEntry>(1UL | (4UL << 1), (1UL << PrivCfgShift) | (1UL << InstCfgShift));
        Assert.Equal(StePrivCfg.Reserved1, ste.PRIVCFG);
        Assert.Equal(SteInstCfg.Reserved1, ste.INSTCFG);
        Assert.True(ste.Validate().IsValid);
    }
}
