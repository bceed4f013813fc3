using System;
using System.Buffers;
using System.Collections.Generic;
using System.Reflection;
using System.Text;
using System.Text.Json;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Scenarios;
using IommuLayouts.Specs.Smmuv3;
using IommuLayouts.Specs.Vtd;
using SR = IommuLayouts.Specs.Smmuv3.Smmuv3RegisterMap;

namespace IommuLayouts.Fuzz;

/// <summary>
/// The fuzz targets, by name. Each takes arbitrary bytes and throws only when an oracle fails: an exception other than
/// the documented argument exceptions of the API, a call that does more guest-memory accesses than its bound (the step
/// budget against hangs), or a result that is not an architected outcome. No SharpFuzz dependency: the regression
/// test in IommuLayouts.Scenarios.Tests compiles this file and replays fuzz/corpus/regressions/&lt;target&gt;/*.
/// </summary>
public static class FuzzTargets
{
    /// <summary>Queues this small keep executions fast; the budgets below follow from them.</summary>
    public const int QueueLog2 = 8;

    /// <summary>
    /// Guest-memory accesses one SMMUv3 register write or request may make: at most 2 × 2^CMDQS commands per CMDQ_PROD
    /// write (a PROD more than a queue ahead of CONS), each a 2-word fetch plus a CMD_SYNC MSI write; a request reads a
    /// bounded number of descriptors (L1STD, STE, L1CD, CD, 2 × 5 levels nested, 5 × 5 for stage-2 walks of stage-1
    /// tables, A/D updates) and records one event (4 words).
    /// </summary>
    public const long Smmuv3Budget = (2L << QueueLog2) * 4 + 256;

    /// <summary>One IQT write: at most 2^(7 + 8) descriptors (IQA.QS ≤ 7), each one read plus a wait-descriptor status write.</summary>
    public const long VtdBudget = (1L << 15) * 2 + 256;

    private delegate void LayoutExercise(ReadOnlySpan<byte> bytes);

    private static readonly Dictionary<string, Action<byte[]>> Targets = new(StringComparer.Ordinal)
    {
        ["formats"] = Formats,
        ["scenario"] = Scenario,
        ["smmuv3"] = Smmuv3,
        ["vtd"] = Vtd,
    };

    private static readonly Lazy<(LayoutInfo Layout, LayoutExercise Exercise)[]> Layouts = new(() =>
    {
        var method = typeof(FuzzTargets).GetMethod(nameof(ExerciseLayout), BindingFlags.NonPublic | BindingFlags.Static)!;
        var list = new List<(LayoutInfo, LayoutExercise)>();
        foreach (var layout in ScenarioLoader.DefaultCatalog.All)
        {
            list.Add((layout, method.MakeGenericMethod(layout.ClrType).CreateDelegate<LayoutExercise>()));
        }

        return list.ToArray();
    });

    /// <summary>The target names.</summary>
    public static IReadOnlyCollection<string> Names => Targets.Keys;

    /// <summary>Runs target <paramref name="name"/> on <paramref name="data"/>; false if there is no such target.</summary>
    public static bool TryRun(string name, byte[] data)
    {
        if (!Targets.TryGetValue(name, out var target))
        {
            return false;
        }

        target(data);
        return true;
    }

    /// <summary>
    /// Every format: two bytes pick the format, the rest is the entry (zero-padded). Read, FromWords, WriteTo, Validate,
    /// ToString, the catalog's Validate/Format and LayoutJson.WriteDecoded must not throw, and must agree.
    /// </summary>
    public static void Formats(byte[] data)
    {
        var input = new FuzzInput(data);
        var layouts = Layouts.Value;
        var (layout, exercise) = layouts[input.U16() % layouts.Length];
        var raw = input.Bytes(data.Length);
        var bytes = new byte[Math.Max(raw.Length, layout.SizeBytes)];
        raw.CopyTo(bytes);
        exercise(bytes);

        var words = new ulong[layout.WordCount];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = FuzzInput.Word(bytes.AsSpan(0, layout.SizeBytes), i);
        }

        var report = layout.Ops.Validate(words);
        _ = layout.Ops.Format(words);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            LayoutJson.WriteDecoded(writer, layout, words);
        }

        // LayoutJson writes well-formed JSON that agrees with Validate.
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        if (document.RootElement.GetProperty("valid").GetBoolean() != report.IsValid)
        {
            throw new FuzzFailure($"{layout.Name}: LayoutJson \"valid\" disagrees with Validate");
        }
    }

    private static void ExerciseLayout<T>(ReadOnlySpan<byte> bytes)
        where T : struct, IBitLayout<T>
    {
        var entry = T.Read(bytes);
        Span<ulong> words = stackalloc ulong[T.WordCount];
        entry.CopyWordsTo(words);
        if (T.FromWords(words) != entry)
        {
            throw new FuzzFailure($"{T.Layout.Name}: FromWords(CopyWordsTo(Read(bytes))) differs from Read(bytes)");
        }

        Span<byte> written = stackalloc byte[T.SizeBytes];
        entry.WriteTo(written);
        if (T.Read(written) != entry)
        {
            throw new FuzzFailure($"{T.Layout.Name}: Read(WriteTo(entry)) differs from entry");
        }

        var report = entry.Validate();
        if (report.IsValid != T.Layout.Ops.Validate(words).IsValid)
        {
            throw new FuzzFailure($"{T.Layout.Name}: Validate() and the catalog's Validate disagree");
        }

        _ = entry.ToString();
    }

    /// <summary>The scenario loader and runner on arbitrary text: a scenario or a <see cref="ScenarioException"/>.</summary>
    public static void Scenario(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        Scenario scenario;
        try
        {
            scenario = new ScenarioLoader(ScenarioLoader.DefaultCatalog).Load(text);
        }
        catch (ScenarioException)
        {
            return;
        }

        try
        {
            var report = ScenarioRunner.Default.Run(scenario);
            if (report.Records.Count > 64 * (scenario.Actions.Count + 1))
            {
                throw new FuzzFailure($"{report.Records.Count} records from {scenario.Actions.Count} actions");
            }
        }
        catch (ScenarioException)
        {
        }
    }

    /// <summary>
    /// The SMMUv3 model driven by a byte stream: guest memory writes, MMIO writes and reads (any offset, width and
    /// value), commands written at CMDQ_PROD, STEs written at the stream table, and requests.
    /// </summary>
    public static void Smmuv3(byte[] data)
    {
        var input = new FuzzInput(data);
        var memory = new BudgetMemory(new SparseGuestMemory(), Smmuv3Budget);
        var variant = input.U8();
        var caps = Smmuv3Capabilities.Default with
        {
            CommandQueueLog2Size = QueueLog2,
            EventQueueLog2Size = QueueLog2,
            TlbPolicy = (variant & 1) != 0 ? IommuLayouts.Emulator.Caches.CachePolicy.None : Smmuv3Capabilities.Default.TlbPolicy,
        };
        var smmu = new Smmuv3Device(memory, caps);
        for (var step = 0; step < 256 && !input.AtEnd; step++)
        {
            memory.StartCall();
            switch (input.U8() % 7)
            {
                case 0:
                    memory.Inner.TryWriteUInt64(input.U32(), input.U64());
                    break;
                case 1:
                    Mmio(smmu, input.U32(), input.U64(), input.U8(), write: true);
                    break;
                case 2:
                    Mmio(smmu, input.U32(), 0, input.U8(), write: false);
                    break;
                case 3:
                    {
                        var sid = input.U8() < 200 ? input.U8() : input.U32();
                        var ssid = input.U32();
                        var address = input.U64();
                        var flags = input.U8();
                        var access = (AccessKind)(flags % 3);
                        var request = (flags & 4) != 0
                            ? new Smmuv3Request(sid, ssid & 0xF_FFFF, address, access, (flags & 8) != 0)
                            : new Smmuv3Request(sid, address, access, (flags & 8) != 0);
                        CheckSmmuv3Result(smmu.Translate(request));
                        break;
                    }

                case 4:
                    {
                        // A command at CMDQ_PROD, then PROD + 1 (as a driver submits).
                        var q = QueueBase.FromWords([smmu.ReadRegister(SR.CmdqBase, 64)]);
                        var log2 = Math.Min((int)q.LOG2SIZE, QueueLog2);
                        var prod = new QueueProdCons(smmu.ReadRegister(SR.CmdqProd, 32)).WrapIndex;
                        var slot = q.ADDR + ((ulong)QueueProdCons.IndexOf(prod, log2) * 16);
                        memory.Inner.TryWriteUInt64(slot, input.U64());
                        memory.Inner.TryWriteUInt64(slot + 8, input.U64());
                        smmu.WriteRegister(SR.CmdqProd, new QueueProdCons { WrapIndex = QueueProdCons.Increment(prod, log2) }.GetWord(0), 32);
                        break;
                    }

                case 5:
                    {
                        // An STE (or L1STD) for a StreamID in the stream table.
                        var strtab = StrtabBase.FromWords([smmu.ReadRegister(SR.StrtabBase, 64)]);
                        var address = strtab.ADDR + ((ulong)input.U8() * 64);
                        for (var i = 0; i < 8; i++)
                        {
                            memory.Inner.TryWriteUInt64(address + ((ulong)i * 8), input.U64());
                        }

                        break;
                    }

                default:
                    // Acknowledge global errors as a driver does.
                    smmu.WriteRegister(SR.Gerrorn, smmu.ReadRegister(SR.Gerror, 32), 32);
                    break;
            }
        }
    }

    private static void Mmio(Smmuv3Device smmu, uint rawOffset, ulong value, byte widthByte, bool write)
    {
        var width = (widthByte & 7) switch { 7 => 16, 6 => 8, _ => (widthByte & 1) != 0 ? 64 : 32 };
        var offset = (ulong)(rawOffset % 0x2_0010);
        try
        {
            if (write)
            {
                smmu.WriteRegister(offset, value, width);
            }
            else
            {
                smmu.ReadRegister(offset, width);
            }
        }
        catch (ArgumentOutOfRangeException ex) when (ex.ParamName is "width" or "offset")
        {
            // Documented: widths other than 32/64, misaligned offsets, offsets beyond the two pages.
            if (ex.ParamName == "width" && width is 32 or 64)
            {
                throw;
            }
        }
    }

    private static void CheckSmmuv3Result(in Smmuv3Result r)
    {
        if (!Enum.IsDefined(r.Outcome))
        {
            throw new FuzzFailure($"unarchitected outcome {r.Outcome}");
        }

        if (r.Outcome == Smmuv3Outcome.Faulted && !Enum.IsDefined(r.EventType))
        {
            throw new FuzzFailure($"fault with an undefined event type 0x{(int)r.EventType:x}");
        }
    }

    /// <summary>
    /// The VT-d model driven by a byte stream: guest memory writes, MMIO writes and reads, invalidation descriptors
    /// written at IQT (then IQT advanced), and requests.
    /// </summary>
    public static void Vtd(byte[] data)
    {
        var input = new FuzzInput(data);
        var memory = new BudgetMemory(new SparseGuestMemory(), VtdBudget);
        var unit = new VtdRemappingUnit(memory);
        for (var step = 0; step < 256 && !input.AtEnd; step++)
        {
            memory.StartCall();
            switch (input.U8() % 5)
            {
                case 0:
                    memory.Inner.TryWriteUInt64(input.U32(), input.U64());
                    break;
                case 1:
                case 2:
                    {
                        var write = input.U8() % 2 == 0;
                        var offset = (ulong)input.U16();
                        var value = input.U64();
                        var widthByte = input.U8();
                        var width = (widthByte & 7) switch { 7 => 16, _ => (widthByte & 1) != 0 ? 64 : 32 };
                        try
                        {
                            if (write)
                            {
                                unit.WriteRegister(offset, value, width);
                            }
                            else
                            {
                                unit.ReadRegister(offset, width);
                            }
                        }
                        catch (ArgumentOutOfRangeException ex) when (ex.ParamName is "width" or "offset")
                        {
                            if (ex.ParamName == "width" && width is 32 or 64)
                            {
                                throw;
                            }
                        }

                        break;
                    }

                case 3:
                    {
                        var source = input.U16();
                        var address = input.U64();
                        var pasid = input.U32();
                        var flags = input.U8();
                        var request = new VtdRequest(source, address, (AccessKind)(flags % 2), (flags & 4) != 0 ? pasid & 0xF_FFFF : null, (flags & 8) != 0, (flags & 16) != 0);
                        var r = unit.Translate(request);
                        if (!Enum.IsDefined(r.Outcome))
                        {
                            throw new FuzzFailure($"unarchitected outcome {r.Outcome}");
                        }

                        break;
                    }

                default:
                    {
                        // A descriptor at IQT, then IQT + one descriptor (wrapping at the queue size IQA.QS gives).
                        var iqa = new InvalidationQueueAddressRegister(unit.ReadRegister(VtdRegisterMap.InvalidationQueueAddress, 64));
                        var iqt = new InvalidationQueueTailRegister(unit.ReadRegister(VtdRegisterMap.InvalidationQueueTail, 64));
                        var size = InvalidationQueue.DescriptorSize(iqa.WideDescriptors);
                        var slot = iqa.QueueBase + (ulong)iqt.ByteOffset;
                        for (var i = 0; i < size / 8; i++)
                        {
                            memory.Inner.TryWriteUInt64(slot + ((ulong)i * 8), input.U64());
                        }

                        var next = (iqt.ByteOffset + size) % (iqa.DescriptorCount * size);
                        var tail = new InvalidationQueueTailRegister { QueueTail = (ushort)(next / 16) };
                        unit.WriteRegister(VtdRegisterMap.InvalidationQueueTail, tail.GetWord(0), 64);
                        break;
                    }
            }
        }
    }

    /// <summary>Guest memory that fails the input when one model call makes more accesses than its budget.</summary>
    private sealed class BudgetMemory(IGuestMemory inner, long budget) : IGuestMemory
    {
        private long _accesses;

        public IGuestMemory Inner => inner;

        public void StartCall() => _accesses = 0;

        private void Step()
        {
            if (++_accesses > budget)
            {
                throw new FuzzFailure($"one call made more than {budget} guest-memory accesses");
            }
        }

        public bool TryReadUInt64(ulong address, out ulong value) { Step(); return inner.TryReadUInt64(address, out value); }

        public bool TryWriteUInt64(ulong address, ulong value) { Step(); return inner.TryWriteUInt64(address, value); }

        public bool TryReadUInt32(ulong address, out uint value) { Step(); return inner.TryReadUInt32(address, out value); }

        public bool TryWriteUInt32(ulong address, uint value) { Step(); return inner.TryWriteUInt32(address, value); }

        public bool TryCompareExchangeUInt64(ulong address, ulong expected, ulong desired, out ulong observed)
        {
            Step();
            return inner.TryCompareExchangeUInt64(address, expected, desired, out observed);
        }

        public bool TryRead(ulong address, Span<byte> destination) { Step(); return inner.TryRead(address, destination); }

        public bool TryWrite(ulong address, ReadOnlySpan<byte> source) { Step(); return inner.TryWrite(address, source); }
    }
}
