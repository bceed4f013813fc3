using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Specs.Smmuv3;
using Xunit;
using R = IommuLayouts.Specs.Smmuv3.Smmuv3RegisterMap;

namespace IommuLayouts.Emulator.Tests.Smmuv3;

/// <summary>
/// Command consumption and errors (Arm IHI 0070 §4.1, §7.1; Linux arm_smmu_cmdq_skip_err: CMDQ_CONS.ERR [30:24] with
/// CERROR_ILL = 1, CERROR_ABT = 2; GERROR.CMDQ_ERR = bit 0, acknowledged by writing GERRORN).
/// </summary>
public class CommandQueueTests
{
    private const ulong MsiTarget = 0x4E30_0000;

    private static SyncCommand MsiSync(uint data) => SyncCommand.Create() with { CS = SyncCompletionSignal.Irq, MSIAddress = MsiTarget, MSIData = data };

    private static uint Read32(Smmuv3TestBed bed, ulong address)
    {
        Assert.True(bed.Memory.TryReadUInt32(address, out var v));
        return v;
    }

    [Fact]
    public void Cmd_sync_with_an_msi_address_writes_msidata_there()
    {
        var bed = new Smmuv3TestBed();
        bed.Submit(MsiSync(0xCAFE_F00D));
        Assert.Equal(0xCAFE_F00Du, Read32(bed, MsiTarget));
        Assert.Equal(1u, bed.R32(R.CmdqCons));
    }

    [Fact]
    public void Cmd_sync_without_msi_address_raises_the_wired_interrupt_and_sev_an_event()
    {
        var bed = new Smmuv3TestBed();
        bed.Submit(SyncCommand.Create() with { CS = SyncCompletionSignal.Irq });
        bed.Submit(SyncCommand.Create() with { CS = SyncCompletionSignal.Sev });
        Assert.Equal(1, bed.Smmu.SyncInterrupts);
        Assert.Equal(1, bed.Smmu.SyncEvents);
    }

    [Fact]
    public void Unknown_opcode_stops_the_queue_with_CERROR_ILL_until_acknowledged()
    {
        var bed = new Smmuv3TestBed();
        bed.Submit(0x07); // QEMU's SMMU_CMD_CFGI_ALL value: not an architected opcode
        bed.Submit(MsiSync(1));

        var cons = bed.R32(R.CmdqCons);
        Assert.Equal(0u, cons & 0xFFFFF);           // stopped at the bad command
        Assert.Equal(1u, (cons >> 24) & 0x7F);      // CERROR_ILL
        Assert.Equal(1u, bed.R32(R.Gerror) & 1);    // CMDQ_ERR active (GERROR != GERRORN)
        Assert.Equal(0u, Read32(bed, MsiTarget));    // nothing after it ran

        // Linux arm_smmu_cmdq_skip_err: replace the bad slot with a CMD_SYNC, then acknowledge.
        bed.WriteWords(Smmuv3TestBed.CommandQueue, [SyncCommand.Create().GetWord(0), 0]);
        bed.W32(R.Gerrorn, bed.R32(R.Gerror));
        Assert.Equal(2u, bed.R32(R.CmdqCons) & 0xFFFFF);
        Assert.Equal(1u, Read32(bed, MsiTarget));
    }

    [Fact]
    public void Res0_bit_in_a_command_is_CERROR_ILL_and_has_no_effect()
    {
        var bed = new Smmuv3TestBed();
        var s2 = bed.Stage2Tables();
        s2.Map(0x1000, 0x5_0000_0000, 0x1000, IommuProt.Read);
        bed.WriteSte(1, Smmuv3TestBed.S2Ste(s2.RootAddress, vmid: 9));
        Assert.Equal(0x5_0000_0000UL, bed.Read(1, 0x1000).OutputAddress);
        var leaf = s2.FindDescriptorAddress(0x1000, 3)!.Value;
        Assert.True(bed.Memory.TryWriteUInt64(leaf, (bed.Read64(leaf) & ~0xFFFF_FFFF_F000UL) | 0x6_0000_0000UL));

        // TLBI_S12_VMALL with bit 8 set (RES0 between the opcode and VMID).
        bed.Submit((ulong)CommandOpcode.CMD_TLBI_S12_VMALL | (1UL << 8) | (9UL << 32));
        Assert.Equal(1u, (bed.R32(R.CmdqCons) >> 24) & 0x7F);
        Assert.Equal(0x5_0000_0000UL, bed.Read(1, 0x1000).OutputAddress);
    }

    [Fact]
    public void Abort_fetching_a_command_is_CERROR_ABT()
    {
        var bed = new Smmuv3TestBed();
        bed.Memory.AddFaultRegion(Smmuv3TestBed.CommandQueue, 16, MemoryFaults.Read);
        bed.Submit(SyncCommand.Create());
        Assert.Equal(2u, (bed.R32(R.CmdqCons) >> 24) & 0x7F);
        Assert.Equal(1u, bed.R32(R.Gerror) & 1);
    }

    [Fact]
    public void Stage2_commands_without_stage2_and_range_fields_without_RIL_are_illegal()
    {
        var bed = new Smmuv3TestBed(Smmuv3Capabilities.Default with { Stage2 = false });
        bed.Submit(TlbiS12VmallCommand.Create());
        Assert.Equal(1u, (bed.R32(R.CmdqCons) >> 24) & 0x7F);

        var noRil = new Smmuv3TestBed(Smmuv3Capabilities.Default with { RangeInvalidation = false });
        noRil.Submit(TlbiNhVaCommand.Create() with { TG = 1, Num = 1 });
        Assert.Equal(1u, (noRil.R32(R.CmdqCons) >> 24) & 0x7F);
    }

    [Fact]
    public void Commands_wait_while_the_queue_is_disabled()
    {
        var bed = new Smmuv3TestBed();
        bed.W32(R.Cr0, 0x5); // CMDQEN off
        bed.Submit(MsiSync(7));
        Assert.Equal(0u, Read32(bed, MsiTarget));
        bed.W32(R.Cr0, 0xD);
        Assert.Equal(7u, Read32(bed, MsiTarget));
    }

    [Fact]
    public void Accepted_commands_with_no_state_complete()
    {
        var bed = new Smmuv3TestBed();
        bed.Submit(PrefetchConfigCommand.Create() with { StreamID = 1 });
        bed.Submit(AtcInvCommand.Create() with { StreamID = 1, Size = 52 });
        bed.Submit(PriRespCommand.Create() with { StreamID = 1 });
        bed.Submit(ResumeCommand.Create() with { StreamID = 1 });
        bed.Sync();
        Assert.Equal(0u, bed.R32(R.Gerror));
    }
}
