using System;

namespace IommuLayouts.Fuzz;

/// <summary>An oracle violated by a fuzz input (a hang caught by the step budget, an unarchitected result).</summary>
public sealed class FuzzFailure(string message) : Exception(message);
