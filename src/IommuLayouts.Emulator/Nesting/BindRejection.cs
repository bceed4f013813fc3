namespace IommuLayouts.Emulator.Nesting;

/// <summary>One reason a bind was refused: the field, what was wrong with it, and what the host supports.</summary>
/// <param name="Field">The field, e.g. <c>ste[0]</c>, <c>Config</c>, <c>addr_width</c>, <c>pasid_bits</c>.</param>
/// <param name="Problem">What was wrong, with the value given.</param>
/// <param name="HostSupports">What the host accepts there.</param>
public sealed record BindRejection(string Field, string Problem, string HostSupports)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Field}: {Problem} (host supports: {HostSupports})";
}
