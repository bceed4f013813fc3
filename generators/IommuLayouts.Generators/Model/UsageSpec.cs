using IommuLayouts.Generators.Helpers;

namespace IommuLayouts.Generators.Model;

/// <summary>One <c>[UsedWhen(field, values...)]</c>: the discriminator and its raw values that make a field live.</summary>
internal sealed record UsedConditionSpec(string Field, EquatableArray<ulong> Values);

/// <summary>
/// What a field says about its use: the conditions under which the hardware reads it (any one suffices; none means
/// "whenever the entry is live") and whether a change of it is update safe (<c>[UpdateSafe]</c>), with its limits.
/// </summary>
internal sealed record FieldUsageSpec(
    string Field,
    EquatableArray<UsedConditionSpec> Conditions,
    bool UpdateSafe,
    EquatableArray<ulong> SafeValues,
    string? SafeUnlessSet);
