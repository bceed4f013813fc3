namespace IommuLayouts.Emulator.Walkers;

/// <summary>What a page-table entry is to a walk (or, for <see cref="IPageTableFormat.CheckInput"/>, whether the input faults).</summary>
public enum EntryKind : byte
{
    /// <summary>No decision: the <c>default</c> value, which <see cref="IPageTableFormat.CheckInput"/> returns for an input that does not fault.</summary>
    None,

    /// <summary>The walk faults here.</summary>
    Fault,

    /// <summary>A table descriptor: the walk continues at the next level.</summary>
    Table,

    /// <summary>A block, large page or page: the walk ends with a translation.</summary>
    Leaf,
}
