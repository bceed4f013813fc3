using System.Collections.Generic;

namespace IommuLayouts.Updates;

/// <summary>
/// The stores of one step of an update, in order, followed by a sync point (SMMUv3: CFGI_STE/CFGI_CD + CMD_SYNC; VT-d:
/// the PASID-cache/context-cache invalidation and its wait). <see cref="After"/> is the entry the hardware may fetch
/// from the sync on, until the next phase's stores.
/// </summary>
public sealed record UpdatePhase<T>(IReadOnlyList<WordWrite> Writes, T After)
    where T : struct, IUsedBits<T>;
