using System.Collections.Generic;
using IommuLayouts.Tests.Layouts;

namespace IommuLayouts.Tests;

/// <summary>Every generated accessor of the five sample layouts, as raw get/set pairs for the property tests.</summary>
internal static class SampleFields
{
    public static readonly FieldCase<Flags64>[] Flags64 =
    {
        new("Enable", e => e.Enable ? 1UL : 0, (ref Flags64 e, ulong v) => e.Enable = v != 0),
        new("Irq", e => e.Irq ? 1UL : 0, (ref Flags64 e, ulong v) => e.Irq = v != 0),
        new("Size", e => (ulong)e.Size, (ref Flags64 e, ulong v) => e.Size = (EntrySize)v),
        new("Policy", e => (ulong)e.Policy, (ref Flags64 e, ulong v) => e.Policy = (CachePolicy)v),
        new("Log2Depth", e => e.Log2Depth, (ref Flags64 e, ulong v) => e.Log2Depth = (byte)v),
        new("Owner", e => e.Owner, (ref Flags64 e, ulong v) => e.Owner = (ushort)v),
        new("ShadowPolicy", e => (ulong)e.ShadowPolicy, (ref Flags64 e, ulong v) => e.ShadowPolicy = (CachePolicy)v),
        new("Token", e => e.Token, (ref Flags64 e, ulong v) => e.Token = (uint)v),
        new("Busy", e => e.Busy ? 1UL : 0, null),
    };

    public static readonly FieldCase<Crossing128>[] Crossing128 =
    {
        new("Opcode", e => e.Opcode, (ref Crossing128 e, ulong v) => e.Opcode = (byte)v),
        new("SubstreamId", e => e.SubstreamId, (ref Crossing128 e, ulong v) => e.SubstreamId = (uint)v),
        new("Tag", e => e.Tag, (ref Crossing128 e, ulong v) => e.Tag = (ushort)v),
        new("Range", e => e.Range, (ref Crossing128 e, ulong v) => e.Range = (byte)v),
        new("Address", e => e.Address, (ref Crossing128 e, ulong v) => e.Address = v),
    };

    public static readonly FieldCase<Wide512>[] Wide512 =
    {
        new("Valid", e => e.Valid ? 1UL : 0, (ref Wide512 e, ulong v) => e.Valid = v != 0),
        new("Mode", e => (ulong)e.Mode, (ref Wide512 e, ulong v) => e.Mode = (WideMode)v),
        new("ContextPtr", e => e.ContextPtr, (ref Wide512 e, ulong v) => e.ContextPtr = v),
        new("CdMax", e => e.CdMax, (ref Wide512 e, ulong v) => e.CdMax = (byte)v),
        new("Dss", e => e.Dss, (ref Wide512 e, ulong v) => e.Dss = (byte)v),
        new("Span", e => e.Span, (ref Wide512 e, ulong v) => e.Span = (ushort)v),
        new("Vmid", e => e.Vmid, (ref Wide512 e, ulong v) => e.Vmid = (ushort)v),
        new("T0Sz", e => e.T0Sz, (ref Wide512 e, ulong v) => e.T0Sz = (byte)v),
        new("Sl0", e => e.Sl0, (ref Wide512 e, ulong v) => e.Sl0 = (byte)v),
        new("Tg", e => (ulong)e.Tg, (ref Wide512 e, ulong v) => e.Tg = (Granule)v),
        new("Cookie", e => e.Cookie, (ref Wide512 e, ulong v) => e.Cookie = (ushort)v),
        new("TablePtr", e => e.TablePtr, (ref Wide512 e, ulong v) => e.TablePtr = v),
        new("Attributes", e => e.Attributes, (ref Wide512 e, ulong v) => e.Attributes = v),
        new("Msi", e => e.Msi, (ref Wide512 e, ulong v) => e.Msi = v),
    };

    public static readonly FieldCase<Tiny8>[] Tiny8 =
    {
        new("Ready", e => e.Ready ? 1UL : 0, (ref Tiny8 e, ulong v) => e.Ready = v != 0),
        new("Code", e => e.Code, (ref Tiny8 e, ulong v) => e.Code = (byte)v),
    };

    public static readonly FieldCase<Huge1024>[] Huge1024 =
    {
        new("Present", e => e.Present ? 1UL : 0, (ref Huge1024 e, ulong v) => e.Present = v != 0),
        new("Root", e => e.Root, (ref Huge1024 e, ulong v) => e.Root = v),
        new("Crossing", e => e.Crossing, (ref Huge1024 e, ulong v) => e.Crossing = v),
        new("Last", e => e.Last, (ref Huge1024 e, ulong v) => e.Last = v),
    };

    public static IEnumerable<string> Names => new[] { "Flags64", "Crossing128", "Wide512", "Tiny8", "Huge1024" };
}
