using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Specs.Tests.Smmuv3;

/// <summary>
/// Commands as Linux arm_smmu_cmdq_build_cmd (arm-smmu-v3.c) encodes them: CMDQ_0_OP (7:0) plus the
/// CMDQ_* field macros of arm-smmu-v3.h named next to each shift. Decoded field by field, then rebuilt.
/// </summary>
public sealed class LinuxCommandVectorTests
{
    private static ulong GenMask(int hi, int lo) => (ulong.MaxValue >> (63 - hi)) & (ulong.MaxValue << lo);

    [Fact]
    public void Cmd_sync_with_msi_polling()
    {
        // CMDQ_SYNC_0_CS (13:12) IRQ (1) | MSH (23:22) ISH (3) | MSIATTR (27:24) OIWB (0xf); MSIADDR_MASK (51:2).
        const ulong slot = 0x0000_0040_0010_0A30;
        ulong w0 = 0x46UL | 1UL << 12 | 3UL << 22 | 0xFUL << 24;
        ulong w1 = slot & GenMask(51, 2);
        var cmd = Entry.From<SyncCommand>(w0, w1);
        Assert.Equal(CommandOpcode.CMD_SYNC, cmd.Opcode);
        Assert.Equal(SyncCompletionSignal.Irq, cmd.CS);
        Assert.Equal(3, cmd.MSH);
        Assert.Equal(0xF, cmd.MSIAttr);
        Assert.Equal(0u, cmd.MSIData);
        Assert.Equal(slot, cmd.MSIAddress);
        Assert.True(cmd.Validate().IsValid);
        Assert.Equal(CommandOpcode.CMD_SYNC, Entry.From<Command>(w0, w1).Opcode);

        var built = SyncCommand.Create();
        built.CS = SyncCompletionSignal.Irq;
        built.MSH = 3;
        built.MSIAttr = 0xF;
        built.MSIAddress = slot;
        Entry.AssertWords(built, w0, w1);
    }

    [Fact]
    public void Tlbi_nh_va_range_invalidation()
    {
        // CMDQ_TLBI_0_NUM (16:12), SCALE (24:20), VMID (47:32), ASID (63:48); CMDQ_TLBI_1_LEAF (0), TTL (9:8), TG (11:10), VA_MASK (63:12).
        const ulong va = 0xFFFF_7F12_3456_7000;
        ulong w0 = 0x12UL | 3UL << 12 | 2UL << 20 | 5UL << 32 | 7UL << 48;
        ulong w1 = 1UL << 0 | 3UL << 8 | 1UL << 10 | (va & GenMask(63, 12));
        var cmd = Entry.From<TlbiNhVaCommand>(w0, w1);
        Assert.Equal(CommandOpcode.CMD_TLBI_NH_VA, cmd.Opcode);
        Assert.Equal(3, cmd.Num);
        Assert.Equal(2, cmd.Scale);
        Assert.Equal(5, cmd.VMID);
        Assert.Equal(7, cmd.ASID);
        Assert.True(cmd.Leaf);
        Assert.Equal(3, cmd.TTL);
        Assert.Equal(1, cmd.TG);
        Assert.Equal(va, cmd.Address);
        Assert.Equal(16UL, cmd.RangePages); // (NUM + 1) << SCALE, __arm_smmu_tlb_inv_range
        Assert.True(cmd.Validate().IsValid);

        var built = TlbiNhVaCommand.Create();
        built.Num = 3;
        built.Scale = 2;
        built.VMID = 5;
        built.ASID = 7;
        built.Leaf = true;
        built.TTL = 3;
        built.TG = 1;
        built.Address = va;
        Entry.AssertWords(built, w0, w1);
    }

    [Fact]
    public void Tlbi_nh_vaa_has_no_asid()
    {
        const ulong va = 0x0000_0000_8000_0000;
        ulong w0 = 0x13UL | 9UL << 32;
        ulong w1 = va & GenMask(63, 12);
        var cmd = Entry.From<TlbiNhVaaCommand>(w0, w1);
        Assert.Equal(9, cmd.VMID);
        Assert.Equal(va, cmd.Address);
        Assert.True(cmd.Validate().IsValid);
        var built = TlbiNhVaaCommand.Create();
        built.VMID = 9;
        built.Address = va;
        Entry.AssertWords(built, w0, w1);
    }

    [Fact]
    public void Tlbi_s2_ipa_holds_ipa_bits_51_to_12()
    {
        // CMDQ_TLBI_1_IPA_MASK (51:12).
        const ulong ipa = 0x000F_FFFF_FFFF_F000;
        ulong w0 = 0x2AUL | 1UL << 12 | 0x1234UL << 32;
        ulong w1 = 1UL | 2UL << 8 | 3UL << 10 | (ipa & GenMask(51, 12));
        var cmd = Entry.From<TlbiS2IpaCommand>(w0, w1);
        Assert.Equal(CommandOpcode.CMD_TLBI_S2_IPA, cmd.Opcode);
        Assert.Equal(1, cmd.Num);
        Assert.Equal(0x1234, cmd.VMID);
        Assert.True(cmd.Leaf);
        Assert.Equal(2, cmd.TTL);
        Assert.Equal(3, cmd.TG);
        Assert.Equal(ipa, cmd.IPA);
        Assert.Equal(2UL, cmd.RangePages);
        Assert.True(cmd.Validate().IsValid);
        var built = TlbiS2IpaCommand.Create();
        built.Num = 1;
        built.VMID = 0x1234;
        built.Leaf = true;
        built.TTL = 2;
        built.TG = 3;
        built.IPA = ipa;
        Entry.AssertWords(built, w0, w1);
    }

    [Fact]
    public void Vmid_and_asid_scoped_invalidations()
    {
        // CMDQ_OP_TLBI_NH_ALL 0x10, NH_ASID 0x11, S12_VMALL 0x28, NSNH_ALL 0x30; VMID (47:32), ASID (63:48).
        var all = Entry.From<TlbiNhAllCommand>(0x10UL | 3UL << 32);
        Assert.Equal(3, all.VMID);
        Assert.True(all.Validate().IsValid);
        Entry.AssertWords(new TlbiNhAllCommand { Opcode = CommandOpcode.CMD_TLBI_NH_ALL, VMID = 3 }, 0x10UL | 3UL << 32);

        var asid = Entry.From<TlbiNhAsidCommand>(0x11UL | 3UL << 32 | 0xBEEFUL << 48);
        Assert.Equal(3, asid.VMID);
        Assert.Equal(0xBEEF, asid.ASID);
        Entry.AssertWords(new TlbiNhAsidCommand { Opcode = CommandOpcode.CMD_TLBI_NH_ASID, VMID = 3, ASID = 0xBEEF }, 0x11UL | 3UL << 32 | 0xBEEFUL << 48);

        var vmall = Entry.From<TlbiS12VmallCommand>(0x28UL | 0xFFFFUL << 32);
        Assert.Equal(0xFFFF, vmall.VMID);
        Entry.AssertWords(new TlbiS12VmallCommand { Opcode = CommandOpcode.CMD_TLBI_S12_VMALL, VMID = 0xFFFF }, 0x28UL | 0xFFFFUL << 32);

        Assert.True(Entry.From<TlbiNsnhAllCommand>(0x30UL).Validate().IsValid);
        Entry.AssertWords(TlbiNsnhAllCommand.Create(), 0x30UL);
    }

    [Fact]
    public void Configuration_invalidations()
    {
        // CMDQ_OP_CFGI_STE 0x3, CFGI_ALL 0x4 (Range 31), CFGI_CD 0x5, CFGI_CD_ALL 0x6, PREFETCH_CFG 0x1;
        // CMDQ_CFGI_0_SSID (31:12), CMDQ_CFGI_0_SID (63:32), CMDQ_CFGI_1_LEAF (0), CMDQ_CFGI_1_RANGE (4:0).
        var ste = Entry.From<CfgiSteCommand>(0x03UL | 0x42UL << 32, 1UL);
        Assert.Equal(0x42u, ste.StreamID);
        Assert.True(ste.Leaf);
        Assert.True(ste.Validate().IsValid);
        Entry.AssertWords(new CfgiSteCommand { Opcode = CommandOpcode.CMD_CFGI_STE, StreamID = 0x42, Leaf = true }, 0x03UL | 0x42UL << 32, 1UL);

        var all = Entry.From<CfgiSteRangeCommand>(0x04UL, 31UL);
        Assert.True(all.IsAll);
        Assert.Equal(0u, all.FirstStreamId);
        Assert.Equal(uint.MaxValue, all.LastStreamId);
        Entry.AssertWords(new CfgiSteRangeCommand { Opcode = CommandOpcode.CMD_CFGI_STE_RANGE, Range = 31 }, 0x04UL, 31UL);

        // Range 3 invalidates the naturally aligned block of 16 StreamIDs containing 0x123 (QEMU smmuv3_cmdq_consume).
        var block = Entry.From<CfgiSteRangeCommand>(0x04UL | 0x123UL << 32, 3UL);
        Assert.Equal(0x120u, block.FirstStreamId);
        Assert.Equal(0x12Fu, block.LastStreamId);

        var cd = Entry.From<CfgiCdCommand>(0x05UL | 0xFFFFFUL << 12 | 9UL << 32, 1UL);
        Assert.Equal(0xFFFFFu, cd.SubstreamID);
        Assert.Equal(9u, cd.StreamID);
        Assert.True(cd.Leaf);
        Entry.AssertWords(new CfgiCdCommand { Opcode = CommandOpcode.CMD_CFGI_CD, SubstreamID = 0xFFFFF, StreamID = 9, Leaf = true }, 0x05UL | 0xFFFFFUL << 12 | 9UL << 32, 1UL);

        var cdAll = Entry.From<CfgiCdAllCommand>(0x06UL | 9UL << 32);
        Assert.Equal(9u, cdAll.StreamID);
        Entry.AssertWords(new CfgiCdAllCommand { Opcode = CommandOpcode.CMD_CFGI_CD_ALL, StreamID = 9 }, 0x06UL | 9UL << 32);

        var prefetch = Entry.From<PrefetchConfigCommand>(0x01UL | 0x42UL << 32);
        Assert.Equal(0x42u, prefetch.StreamID);
        Assert.True(prefetch.Validate().IsValid);
        Entry.AssertWords(new PrefetchConfigCommand { Opcode = CommandOpcode.CMD_PREFETCH_CONFIG, StreamID = 0x42 }, 0x01UL | 0x42UL << 32);
    }

    [Fact]
    public void Atc_inv_of_everything()
    {
        // arm_smmu_atc_inv_to_cmd with size 0: CMDQ_ATC_1_SIZE (5:0) = ATC_INV_SIZE_ALL (52); CMDQ_ATC_0_SID (63:32).
        var cmd = Entry.From<AtcInvCommand>(0x40UL | 0x100UL << 32, 52UL);
        Assert.Equal(0x100u, cmd.StreamID);
        Assert.False(cmd.SSV);
        Assert.Equal(52, cmd.Size);
        Assert.Equal(0UL, cmd.Address);
        Assert.True(cmd.Validate().IsValid);
        Entry.AssertWords(new AtcInvCommand { Opcode = CommandOpcode.CMD_ATC_INV, StreamID = 0x100, Size = 52 }, 0x40UL | 0x100UL << 32, 52UL);

        // With a PASID and a range: CMDQ_0_SSV (11), CMDQ_ATC_0_SSID (31:12), CMDQ_ATC_1_ADDR_MASK (63:12); Global (9).
        ulong w0 = 0x40UL | 1UL << 9 | 1UL << 11 | 0x55UL << 12 | 0x100UL << 32;
        ulong w1 = 2UL | 0x8000UL;
        var ranged = Entry.From<AtcInvCommand>(w0, w1);
        Assert.True(ranged.Global);
        Assert.True(ranged.SSV);
        Assert.Equal(0x55u, ranged.SubstreamID);
        Assert.Equal(2, ranged.Size);
        Assert.Equal(0x8000UL, ranged.Address);
        Entry.AssertWords(new AtcInvCommand { Opcode = CommandOpcode.CMD_ATC_INV, Global = true, SSV = true, SubstreamID = 0x55, StreamID = 0x100, Size = 2, Address = 0x8000 }, w0, w1);
    }

    [Fact]
    public void Pri_resp_puts_the_response_at_dword1_bits_13_12()
    {
        // CMDQ_0_SSV (11), CMDQ_PRI_0_SSID (31:12), CMDQ_PRI_0_SID (63:32), CMDQ_PRI_1_GRPID (8:0), CMDQ_PRI_1_RESP (13:12) PRI_RESP_SUCC (2).
        ulong w0 = 0x41UL | 1UL << 11 | 5UL << 12 | 0x10UL << 32;
        ulong w1 = 0x1FFUL | 2UL << 12;
        var cmd = Entry.From<PriRespCommand>(w0, w1);
        Assert.True(cmd.SSV);
        Assert.Equal(5u, cmd.SubstreamID);
        Assert.Equal(0x10u, cmd.StreamID);
        Assert.Equal(0x1FF, cmd.PRGIndex);
        Assert.Equal(PriResponse.Success, cmd.Resp);
        Assert.True(cmd.Validate().IsValid);
        Entry.AssertWords(new PriRespCommand { Opcode = CommandOpcode.CMD_PRI_RESP, SSV = true, SubstreamID = 5, StreamID = 0x10, PRGIndex = 0x1FF, Resp = PriResponse.Success }, w0, w1);
    }

    [Fact]
    public void Resume_retry_is_the_ac_bit()
    {
        // CMDQ_RESUME_0_RESP (13:12) RETRY (1), ABORT (2); CMDQ_RESUME_0_SID (63:32); CMDQ_RESUME_1_STAG (15:0).
        var retry = Entry.From<ResumeCommand>(0x44UL | 1UL << 12 | 3UL << 32, 0xBEEFUL);
        Assert.True(retry.AC);
        Assert.False(retry.AB);
        Assert.Equal(3u, retry.StreamID);
        Assert.Equal(0xBEEF, retry.STAG);
        Assert.True(retry.Validate().IsValid);
        Entry.AssertWords(new ResumeCommand { Opcode = CommandOpcode.CMD_RESUME, AC = true, StreamID = 3, STAG = 0xBEEF }, 0x44UL | 1UL << 12 | 3UL << 32, 0xBEEFUL);

        var abort = Entry.From<ResumeCommand>(0x44UL | 2UL << 12);
        Assert.False(abort.AC);
        Assert.True(abort.AB);
    }
}
