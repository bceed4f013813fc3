using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Specs.Tests.Smmuv3;

/// <summary>
/// The commands that had an opcode but no format: words as Linux arm_smmu_cmdq_build_cmd writes them (arm-smmu-v3.h:
/// CMDQ_0_OP GENMASK(7, 0), CMDQ_PREFETCH_0_SID GENMASK(63, 32), CMDQ_PREFETCH_1_SIZE GENMASK(4, 0),
/// CMDQ_PREFETCH_1_ADDR_MASK GENMASK(63, 12), CMDQ_TLBI_0_NUM GENMASK(16, 12), CMDQ_TLBI_0_SCALE GENMASK(24, 20),
/// CMDQ_TLBI_0_ASID GENMASK(63, 48), CMDQ_TLBI_1_LEAF bit 0, CMDQ_TLBI_1_TTL GENMASK(9, 8), CMDQ_TLBI_1_TG GENMASK(11, 10),
/// CMDQ_TLBI_1_VA_MASK GENMASK(63, 12)); the opcodes Linux does not issue from QEMU's SMMUCommandType
/// (TLBI_EL3_ALL 0x18, TLBI_EL3_VA 0x1a, TLBI_EL2_VAA 0x23, STALL_TERM 0x45) with the same field positions.
/// </summary>
public sealed class CommandFormatGoldenTests
{
    private const ulong Va = 0x0000_7F12_3456_7000;

    [Fact]
    public void Prefetch_addr_decodes_linux_words()
    {
        // CMDQ_OP_PREFETCH_ADDR 0x2: cmd[0] |= FIELD_PREP(CMDQ_PREFETCH_0_SID, sid); cmd[1] = SIZE | (addr & ADDR_MASK).
        ulong w0 = 0x02UL | (0x1234UL << 32);
        ulong w1 = 21UL | (Va & ~0xFFFUL);
        var cmd = Entry.From<PrefetchAddrCommand>(w0, w1);
        Assert.Equal(CommandOpcode.CMD_PREFETCH_ADDR, cmd.Opcode);
        Assert.Equal(0x1234u, cmd.StreamID);
        Assert.Equal(21, cmd.Size);
        Assert.Equal(Va, cmd.Addr);
        Assert.True(cmd.Validate().IsValid);
        Entry.AssertWords(PrefetchAddrCommand.Create() with { StreamID = 0x1234, Size = 21, Addr = Va }, w0, w1);

        // Bits 5..11 of dword 1 belong to no field in Linux: RES0.
        Entry.AssertViolations(Entry.From<PrefetchAddrCommand>(w0, w1 | (1UL << 5)).Validate(), ("RES0", 69, 69));
    }

    [Fact]
    public void Tlbi_el2_commands_decode_linux_words()
    {
        // CMDQ_OP_TLBI_EL2_ALL 0x20: opcode only.
        Assert.True(Entry.From<TlbiEl2AllCommand>(0x20UL).Validate().IsValid);
        Entry.AssertWords(TlbiEl2AllCommand.Create(), 0x20UL);

        // CMDQ_OP_TLBI_EL2_ASID 0x21: FIELD_PREP(CMDQ_TLBI_0_ASID, asid), no VMID (bits 47:32 are RES0 here).
        var asid = Entry.From<TlbiEl2AsidCommand>(0x21UL | (0xBEEFUL << 48));
        Assert.Equal(0xBEEF, asid.ASID);
        Assert.True(asid.Validate().IsValid);
        Entry.AssertViolations(Entry.From<TlbiEl2AsidCommand>(0x21UL | (1UL << 32)).Validate(), ("RES0", 32, 32));

        // CMDQ_OP_TLBI_EL2_VA 0x22: NUM, SCALE, ASID in dword 0; LEAF, TTL, TG, VA in dword 1.
        ulong w0 = 0x22UL | (3UL << 12) | (2UL << 20) | (0x42UL << 48);
        ulong w1 = 1UL | (3UL << 8) | (1UL << 10) | Va;
        var va = Entry.From<TlbiEl2VaCommand>(w0, w1);
        Assert.Equal((3, 2, (ushort)0x42, true, 3, 1, Va), (va.Num, va.Scale, va.ASID, va.Leaf, va.TTL, va.TG, va.Address));
        Assert.Equal(16UL, va.RangePages);
        Assert.True(va.Validate().IsValid);
        Entry.AssertWords(TlbiEl2VaCommand.Create() with { Num = 3, Scale = 2, ASID = 0x42, Leaf = true, TTL = 3, TG = 1, Address = Va }, w0, w1);

        // TLBI_EL2_VAA 0x23: the same without the ASID.
        var vaa = Entry.From<TlbiEl2VaaCommand>(0x23UL | (3UL << 12), 1UL | Va);
        Assert.Equal((3, true, Va), (vaa.Num, vaa.Leaf, vaa.Address));
        Assert.True(vaa.Validate().IsValid);
        Entry.AssertViolations(Entry.From<TlbiEl2VaaCommand>(0x23UL | (1UL << 48)).Validate(), ("RES0", 48, 48));
    }

    [Fact]
    public void Tlbi_el3_and_stall_term_decode_at_qemu_opcodes()
    {
        Entry.AssertWords(TlbiEl3AllCommand.Create(), 0x18UL);
        var el3 = Entry.From<TlbiEl3VaCommand>(0x1AUL, 1UL | Va);
        Assert.Equal((true, Va), (el3.Leaf, el3.Address));
        Assert.True(el3.Validate().IsValid);

        // CMD_STALL_TERM: StreamID in dword 0 bits 63:32 (QEMU CMD_SID).
        var term = Entry.From<StallTermCommand>(0x45UL | (9UL << 32));
        Assert.Equal(9u, term.StreamID);
        Assert.True(term.Validate().IsValid);
        Entry.AssertWords(StallTermCommand.Create() with { StreamID = 9 }, 0x45UL | (9UL << 32));

        // A format with the wrong opcode is reported.
        Entry.AssertViolations(Entry.From<StallTermCommand>(0x44UL).Validate(), ("CMD.OPCODE", 0, 7));
    }
}
