using IommuLayouts.Emulator.PageTables;

namespace IommuLayouts.Emulator.Nesting;

/// <summary>One GPA → HPA range of a <see cref="HostStage2Domain"/>.</summary>
public readonly record struct Stage2Mapping(ulong Gpa, ulong Hpa, ulong Size, IommuProt Prot);
