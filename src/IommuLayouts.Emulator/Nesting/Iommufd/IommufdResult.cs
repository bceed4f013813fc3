using System;

namespace IommuLayouts.Emulator.Nesting.Iommufd;

/// <summary>The outcome of an iommufd call that allocates or changes something: the object, or the error.</summary>
/// <typeparam name="T">The object's type.</typeparam>
public sealed class IommufdResult<T>
    where T : class
{
    internal IommufdResult(T value) => Value = value;

    internal IommufdResult(IommufdError error) => Error = error;

    /// <summary>The object; null when refused.</summary>
    public T? Value { get; }

    /// <summary>Null on success; else the errno and field.</summary>
    public IommufdError? Error { get; }

    /// <summary>True when the call succeeded.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The object, or an <see cref="InvalidOperationException"/> naming the error (for callers that expect success).</summary>
    public T Expect() => Value ?? throw new InvalidOperationException($"The iommufd call was refused: {Error}");

    /// <inheritdoc/>
    public override string ToString() => Error is null ? $"ok: {Value}" : $"refused: {Error}";
}
