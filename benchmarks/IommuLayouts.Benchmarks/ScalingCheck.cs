using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;

namespace IommuLayouts.Benchmarks;

/// <summary>
/// Two-thread scaling of TLB hits, measured next to a control loop that shares nothing, round after round. On a
/// shared virtual machine the second vCPU is not always there; a round where the control itself does not reach
/// ~2x says nothing about the model. Run: <c>dotnet run -c Release --project benchmarks/IommuLayouts.Benchmarks -- scaling</c>.
/// </summary>
public static class ScalingCheck
{
    private const double Ops = 1 << 22;

    public static void Run(int rounds = 8)
    {
        var vtd = new VtdTranslateBenchmarks();
        vtd.Setup();
        var smmu = new Smmuv3TranslateBenchmarks();
        smmu.Setup();
        for (var i = 0; i < 3; i++)
        {
            vtd.TlbHitOneThread();
            vtd.TlbHitTwoThreads();
            smmu.TlbHitOneThread();
            smmu.TlbHitTwoThreads();
        }

        for (var round = 0; round < rounds; round++)
        {
            var sw = Stopwatch.StartNew();
            Control(40_000_000, 1);
            var c1 = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            var thread = new Thread(() => Control(20_000_000, 3));
            thread.Start();
            Control(20_000_000, 5);
            thread.Join();
            var c2 = sw.Elapsed.TotalMilliseconds;

            var (v1, v2) = (Time(() => vtd.TlbHitOneThread()), Time(() => vtd.TlbHitTwoThreads()));
            var (s1, s2) = (Time(() => smmu.TlbHitOneThread()), Time(() => smmu.TlbHitTwoThreads()));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"control {c1 / c2:F2}x   vtd {v1:F1} -> {v2:F1} ns ({v1 / v2:F2}x)   smmuv3 {s1:F1} -> {s2:F1} ns ({s1 / s2:F2}x)"));
        }
    }

    private static double Time(Func<ulong> run)
    {
        var sw = Stopwatch.StartNew();
        run();
        return sw.Elapsed.TotalNanoseconds / Ops;
    }

    /// <summary>Four independent xorshift chains: compute-bound, no shared memory.</summary>
    private static ulong Control(long n, ulong seed)
    {
        ulong a = seed, b = seed * 3, c = seed * 5, d = seed * 7;
        for (long i = 0; i < n; i++)
        {
            a ^= a << 13;
            b ^= b << 13;
            c ^= c << 13;
            d ^= d << 13;
            a ^= a >> 7;
            b ^= b >> 7;
            c ^= c >> 7;
            d ^= d >> 7;
        }

        return a ^ b ^ c ^ d;
    }
}
