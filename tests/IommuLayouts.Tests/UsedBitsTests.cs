using IommuLayouts.Tests.Layouts;
using IommuLayouts.Updates;
using Xunit;

namespace IommuLayouts.Tests;

/// <summary>
/// The generated used-bit members and the update planner on the Gated256 sample, whose expected masks are read off its
/// declaration (tests/Layouts/Gated256.cs): Valid bit 0, Mode 2:1, Split 3, Root 63:12, Tag 79:64, Merge 80,
/// Fallback 82:81, Stall 83, OuterRoot 191:128.
/// </summary>
public sealed class UsedBitsTests
{
    [Fact]
    public void A_clear_gate_leaves_only_the_gate_used()
    {
        var e = Gated256.FromWords([ulong.MaxValue - 1, ulong.MaxValue, ulong.MaxValue]);
        Assert.False(e.IsLive);
        Assert.Equal(1UL, e.UsedBits(0));
        Assert.Equal(0UL, e.UsedBits(1));
        Assert.Equal(0UL, e.UsedBits(2));
    }

    [Fact]
    public void A_condition_holds_only_while_its_discriminator_is_read()
    {
        // Mode = Direct (1): Split is not read, so its set bit does not make Tag live.
        var direct = Gated256.FromWords([1UL | (1UL << 1) | (1UL << 3)]);
        Assert.Equal(0x7UL, direct.UsedBits(0));
        Assert.Equal(0xEUL << 16 | 1UL << 16, direct.UsedBits(1));

        // Mode = Table (2) with Split: Tag is read.
        var table = Gated256.FromWords([1UL | (2UL << 1) | (1UL << 3)]);
        Assert.Equal(0xFFFFUL, table.UsedBits(1) & 0xFFFFUL);
        Assert.Equal(0UL, table.UsedBits(2));
    }

    [Fact]
    public void Update_safe_limits_apply_to_both_entries()
    {
        var a = Gated256.FromWords([1UL | (3UL << 1), 0]);
        var b = Gated256.FromWords([1UL | (3UL << 1), 1UL << 17]);         // Fallback Abort -> Direct
        var stalled = Gated256.FromWords([1UL | (3UL << 1), 1UL << 19]);   // Stall set
        Assert.Equal(0x7UL << 16, Gated256.UpdateSafeBits(a, b, 1));
        Assert.Equal(0x1UL << 16, Gated256.UpdateSafeBits(a, stalled, 1));
        Assert.Equal(0UL, Gated256.UpdateSafeBits(a, b, 0));
    }

    [Fact]
    public void Changing_mode_and_the_outer_root_together_breaks_the_entry()
    {
        var table = Gated256.FromWords([1UL | (2UL << 1) | 0x1000, 0, 0]);
        var nested = Gated256.FromWords([1UL | (3UL << 1) | 0x2000, 0, 0x5000]);

        // Word 2 (OuterRoot) is unused by Table, so it goes first; then word 0 switches; nothing is left to clean.
        var plan = UpdatePlanner.Plan(table, nested);
        Assert.Equal(UpdateKind.Hitless, plan.Kind);
        Assert.Equal(2, plan.SyncCount);
        Assert.Equal([new WordWrite(2, 0x5000)], plan.Phases[0].Writes);

        // Back again, plus a Tag change (word 1, read by both when Nested and by Table only with Split): two words change.
        var nestedTagged = Gated256.FromWords([1UL | (3UL << 1) | 0x2000, 7, 0x5000]);
        var back = UpdatePlanner.Plan(nestedTagged, Gated256.FromWords([1UL | (2UL << 1) | (1UL << 3) | 0x1000, 9, 0]));
        Assert.Equal(UpdateKind.Breaking, back.Kind);
        Assert.Equal([new WordWrite(0, 0)], back.Phases[0].Writes);
        Assert.False(back.IsHitless);
    }
}
