using System.Threading;
using System.Threading.Tasks;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Walkers;

public class WalkerConcurrencyTests
{
    [Fact]
    public async Task Walks_racing_with_pte_updates_see_the_old_or_the_new_descriptor_never_a_mix()
    {
        var memory = new SparseGuestMemory();
        var b = new Vmsa64PageTableBuilder(memory, new BumpTableAllocator(memory, 0x100_0000, 0x200_0000), TranslationStage.Stage1, TranslationGranule.Size4K, 48);
        b.Map(0x5000, 0x1111_1000, 0x1000, IommuProt.Read);
        var slot = b.FindDescriptorAddress(0x5000, 3)!.Value;
        Assert.True(memory.TryReadUInt64(slot, out var oldPte));

        // The second value differs in every address bit the first one has, so a torn read would show a third address.
        var newPte = (oldPte & ~0xFFFF_FFFF_F000UL) | 0xEEEE_E000UL;
        var config = b.CreateStage1Config();
        var walker = new PageTableWalker(memory);
        var stop = false;

        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                memory.TryWriteUInt64(slot, (i & 1) == 0 ? newPte : oldPte);
            }

            Volatile.Write(ref stop, true);
        });

        var readers = new Task[2];
        for (var t = 0; t < readers.Length; t++)
        {
            readers[t] = Task.Run(() =>
            {
                while (!Volatile.Read(ref stop))
                {
                    var r = walker.WalkStage1(config, 0x5008, AccessKind.Read, privileged: false);
                    Assert.True(r.OutputAddress is 0x1111_1008UL or 0xEEEE_E008UL, r.ToString());
                }
            });
        }

        await writer;
        await Task.WhenAll(readers);
    }
}
