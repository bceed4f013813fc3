using System;
using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Vtd;

/// <summary>
/// Random guest data never makes the model throw: random root/context/PASID tables and paging entries, random
/// register writes (including GCMD, RTADDR, IQA/IQT with random queue contents), random requests.
/// </summary>
public sealed class RobustnessTests
{
    [Fact]
    public void Random_tables_registers_and_requests_never_throw()
    {
        var random = new Random(20261125);
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var bed = new VtdTestBed(scalable: random.Next(2) == 0);
            // Dense random words in the region every pointer below is drawn from, so walks find "tables".
            var region = 0x1000_0000UL;
            for (var i = 0; i < 3000; i++)
            {
                var address = region + ((ulong)random.Next(0, 0x40000) * 8);
                var word = NextWord(random, region);
                bed.Memory.TryWriteUInt64(address, word);
            }

            bed.Vtd.WriteRegister(0x20, region | ((ulong)random.Next(4) << 10), 64);
            bed.Vtd.WriteRegister(0x90, (region + ((ulong)random.Next(64) << 12)) | (uint)random.Next(8) | ((ulong)(uint)random.Next(2) << 11), 64);
            bed.Vtd.WriteRegister(0x18, (1u << 30), 32);
            bed.Vtd.WriteRegister(0x18, (1u << 31) | (uint)(random.Next(2) << 26), 32);
            for (var step = 0; step < 60; step++)
            {
                switch (random.Next(4))
                {
                    case 0:
                        var offset = (ulong)(random.Next(0, 0x100) * 4);
                        bed.Vtd.WriteRegister(offset, NextWord(random, region), 32);
                        break;
                    case 1:
                        bed.Vtd.WriteRegister((ulong)(random.Next(0, 0x80) * 8), NextWord(random, region), 64);
                        break;
                    default:
                        var access = (AccessKind)random.Next(3);
                        uint? pasid = random.Next(3) == 0 ? null : (uint)random.Next(0, 0x100000);
                        var request = new VtdRequest((ushort)random.Next(0x10000), NextWord(random, region), access, pasid, random.Next(2) == 0, random.Next(4) == 0);
                        var t = bed.Vtd.Translate(request);
                        Assert.True(Enum.IsDefined(t.Outcome));
                        break;
                }
            }
        }
    }

    private static ulong NextWord(Random random, ulong region) => random.Next(4) switch
    {
        0 => (ulong)random.NextInt64(),
        1 => (region + ((ulong)(uint)random.Next(0, 0x200) << 12)) | (uint)random.Next(0, 0x1000),
        2 => (ulong)random.Next(0, 0x1000),
        _ => (ulong)random.NextInt64() & 0x000F_FFFF_FFFF_FFFFUL,
    };
}
