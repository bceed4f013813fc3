using System.Collections.Generic;
using System.Linq;
using IommuLayouts.Generators.Helpers;
using IommuLayouts.Generators.Model;

namespace IommuLayouts.Generators;

public sealed partial class BitLayoutGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// The used-bit members: the <c>UsedBitMasks</c> constants (gate, always-live and per discriminator value), one
        /// liveness property per conditioned field, <c>IsLive</c>, <c>UsedBits(word)</c> and <c>UpdateSafeBits</c>.
        /// </summary>
        private static void EmitUsedBits(SourceWriter w, LayoutSpec layout)
        {
            var self = layout.Type.Name;
            var fields = layout.Fields.ToDictionary(f => f.Name, System.StringComparer.Ordinal);
            var usage = layout.Usage.ToDictionary(u => u.Field, System.StringComparer.Ordinal);
            var gate = layout.LiveWhen is { } g ? fields[g] : null;
            bool Conditioned(FieldSpec f) => usage.TryGetValue(f.Name, out var u) && u.Conditions.Count > 0;
            var always = new ulong[layout.WordCount];
            foreach (var f in layout.Fields.Where(f => !Conditioned(f)))
            {
                AddMask(always, f);
            }

            w.WriteLine();
            w.WriteLine($"/// <summary>Used-bit masks of the {Xml(layout.Name)} layout, per 64-bit word, from its [LiveWhen] / [UsedWhen] / [UpdateSafe] declarations.</summary>");
            w.WriteLine("public static class UsedBitMasks");
            w.OpenBrace();
            var first = true;
            void Constant(string name, string doc, ulong value)
            {
                if (value == 0)
                {
                    return;
                }

                if (!first)
                {
                    w.WriteLine();
                }

                first = false;
                w.WriteLine($"/// <summary>{Xml(doc)}</summary>");
                w.WriteLine($"public const ulong {name} = {Hex(value)};");
            }

            if (gate is not null)
            {
                var gateMask = new ulong[layout.WordCount];
                AddMask(gateMask, gate);
                for (var i = 0; i < layout.WordCount; i++)
                {
                    Constant($"GateWord{i}", $"Word {i}: what the hardware reads while {gate.Name} is clear ({gate.Name} itself).", gateMask[i]);
                }
            }

            for (var i = 0; i < layout.WordCount; i++)
            {
                Constant($"LiveWord{i}", $"Word {i}: what the hardware reads whenever the entry is live, whatever its configuration.", always[i]);
            }

            foreach (var (discriminator, value) in DiscriminatorValues(layout))
            {
                var masks = new ulong[layout.WordCount];
                foreach (var u in layout.Usage.Where(u => u.Conditions.Any(c => c.Field == discriminator && c.Values.Contains(value))))
                {
                    AddMask(masks, fields[u.Field]);
                }

                var valueName = ValueName(fields[discriminator], value);
                for (var i = 0; i < layout.WordCount; i++)
                {
                    Constant($"{discriminator}{valueName}Word{i}",
                        $"Word {i}: the fields {discriminator} = {valueName} makes live (each also needs its other conditions, if any).", masks[i]);
                }
            }

            var safeMasks = new ulong[layout.WordCount];
            foreach (var u in layout.Usage.Where(u => u.UpdateSafe))
            {
                AddMask(safeMasks, fields[u.Field]);
            }

            for (var i = 0; i < layout.WordCount; i++)
            {
                Constant($"UpdateSafeWord{i}", $"Word {i}: the [UpdateSafe] fields (safe only under their stated limits; see UpdateSafeBits).", safeMasks[i]);
            }

            w.CloseBrace();

            w.WriteLine();
            w.WriteLine(gate is null
                ? "/// <summary>True: the layout has no [LiveWhen] gate, so the hardware always reads it.</summary>"
                : $"/// <summary>True when {gate.Name} is set: only then does the hardware read anything but {gate.Name}.</summary>");
            w.WriteLine(gate is null ? "public readonly bool IsLive => true;" : $"public readonly bool IsLive => {GetterExpression(gate)};");

            foreach (var u in layout.Usage.Where(u => u.Conditions.Count > 0))
            {
                w.WriteLine();
                w.WriteLine($"/// <summary>True when the hardware reads {u.Field} (the entry being live).</summary>");
                var terms = u.Conditions.Select(c =>
                {
                    var test = $"{RawExpression(fields[c.Field])} is {string.Join(" or ", c.Values.Select(Hex))}";
                    return Conditioned(fields[c.Field]) ? $"(__Used_{c.Field} && {test})" : $"({test})";
                });
                w.WriteLine($"private readonly bool __Used_{u.Field} => {string.Join(" || ", terms)};");
            }

            w.WriteLine();
            w.WriteLine("/// <summary>The bits of 64-bit word <paramref name=\"word\"/> the hardware reads for this entry's configuration.</summary>");
            w.WriteLine("public readonly ulong UsedBits(int word)");
            w.OpenBrace();
            if (gate is not null)
            {
                w.WriteLine("if (!IsLive)");
                w.OpenBrace();
                w.WriteLine($"return word == {gate.Lo / 64} ? UsedBitMasks.GateWord{gate.Lo / 64} : 0UL;");
                w.CloseBrace();
                w.WriteLine();
            }

            w.WriteLine("var used = 0UL;");
            w.WriteLine("switch (word)");
            w.OpenBrace();
            for (var i = 0; i < layout.WordCount; i++)
            {
                var conditioned = layout.Usage.Where(u => u.Conditions.Count > 0 && WordMask(fields[u.Field], i) != 0).ToList();
                if (always[i] == 0 && conditioned.Count == 0)
                {
                    continue;
                }

                w.WriteLine($"case {i}:");
                w.Indent();
                if (always[i] != 0)
                {
                    w.WriteLine($"used = UsedBitMasks.LiveWord{i};");
                }

                foreach (var u in conditioned)
                {
                    w.WriteLine($"if (__Used_{u.Field}) used |= {Hex(WordMask(fields[u.Field], i))};");
                }

                w.WriteLine("break;");
                w.Unindent();
            }

            w.CloseBrace();
            w.WriteLine();
            w.WriteLine("return used;");
            w.CloseBrace();

            w.WriteLine();
            w.WriteLine("/// <summary>");
            w.WriteLine("/// The bits of word <paramref name=\"word\"/> whose change from <paramref name=\"current\"/> to <paramref name=\"target\"/> needs no");
            w.WriteLine("/// sequencing: the [UpdateSafe] fields whose limits both entries meet.");
            w.WriteLine("/// </summary>");
            w.WriteLine($"public static ulong UpdateSafeBits(in {self} current, in {self} target, int word)");
            w.OpenBrace();
            var safeFields = layout.Usage.Where(u => u.UpdateSafe).ToList();
            if (safeFields.Count == 0)
            {
                w.WriteLine("return 0UL;");
                w.CloseBrace();
                return;
            }

            w.WriteLine("var safe = 0UL;");
            w.WriteLine("switch (word)");
            w.OpenBrace();
            for (var i = 0; i < layout.WordCount; i++)
            {
                var inWord = safeFields.Where(u => WordMask(fields[u.Field], i) != 0).ToList();
                if (inWord.Count == 0)
                {
                    continue;
                }

                w.WriteLine($"case {i}:");
                w.Indent();
                foreach (var u in inWord)
                {
                    var limits = new List<string>();
                    if (u.SafeValues.Count > 0)
                    {
                        var values = string.Join(" or ", u.SafeValues.Select(Hex));
                        limits.Add($"({RawExpression(fields[u.Field], "current.")} is {values})");
                        limits.Add($"({RawExpression(fields[u.Field], "target.")} is {values})");
                    }

                    if (u.SafeUnlessSet is { } flag)
                    {
                        limits.Add($"{RawExpression(fields[flag], "current.")} == 0UL");
                        limits.Add($"{RawExpression(fields[flag], "target.")} == 0UL");
                    }

                    var mask = Hex(WordMask(fields[u.Field], i));
                    w.WriteLine(limits.Count == 0 ? $"safe |= {mask};" : $"if ({string.Join(" && ", limits)}) safe |= {mask};");
                }

                w.WriteLine("break;");
                w.Unindent();
            }

            w.CloseBrace();
            w.WriteLine();
            w.WriteLine("return safe;");
            w.CloseBrace();
        }

        /// <summary>Every (discriminator, value) pair some [UsedWhen] names, in field then value order.</summary>
        private static IEnumerable<(string Field, ulong Value)> DiscriminatorValues(LayoutSpec layout)
        {
            var order = layout.Fields.Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => p.i, System.StringComparer.Ordinal);
            return layout.Usage.SelectMany(u => u.Conditions).SelectMany(c => c.Values.Select(v => (c.Field, v)))
                .Distinct().OrderBy(p => order[p.Field]).ThenBy(p => p.v);
        }

        private static string ValueName(FieldSpec field, ulong value)
        {
            if (field.Kind == FieldKindSpec.Flag)
            {
                return value == 0 ? "Clear" : "Set";
            }

            var member = field.EnumMembers.FirstOrDefault(m => m.Value == value);
            return member?.Name ?? "Value" + value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>The bits of field <paramref name="f"/> that fall in 64-bit word <paramref name="word"/>.</summary>
        private static ulong WordMask(FieldSpec f, int word)
        {
            var lo = System.Math.Max(f.Lo, word * 64);
            var hi = System.Math.Min(f.Hi, (word * 64) + 63);
            return hi < lo ? 0 : Mask(hi - lo + 1) << (lo - (word * 64));
        }

        private static void AddMask(ulong[] masks, FieldSpec f)
        {
            for (var i = 0; i < masks.Length; i++)
            {
                masks[i] |= WordMask(f, i);
            }
        }
    }
}
