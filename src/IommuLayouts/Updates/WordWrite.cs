namespace IommuLayouts.Updates;

/// <summary>One 64-bit store of an update: word <see cref="Word"/> of the entry becomes <see cref="Value"/>.</summary>
public readonly record struct WordWrite(int Word, ulong Value);
