namespace IommuLayouts.Emulator.Nesting.Iommufd;

/// <summary>A refused iommufd call: the errno Linux returns, the field at fault and what was wrong.</summary>
/// <param name="Errno">The errno.</param>
/// <param name="Field">The argument or vendor-data field, e.g. <c>type</c>, <c>virt_id</c>, <c>ste[0]</c>, <c>addr_width</c>.</param>
/// <param name="Message">What was wrong, with the value given.</param>
public sealed record IommufdError(IommufdErrno Errno, string Field, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Errno} ({Field}): {Message}";
}
