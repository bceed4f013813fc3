namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// Translates the addresses a walk reads its tables from: identity for a single-stage walk
/// (<see cref="DirectTableAddresses"/>), the stage-2 tables for a nested one (<see cref="Stage2Tables{TFormat}"/> walks
/// them every time; a device may implement it over its TLB). A nested walk also translates its output through it.
/// </summary>
public interface ITableAddressTranslator
{
    /// <summary>
    /// Translates <paramref name="address"/> for <paramref name="access"/>. A fault is reported by the nested walk as a
    /// stage-2 fault (during the stage-1 table walk when <paramref name="purpose"/> is <see cref="WalkPurpose.Stage2ForStage1Table"/>).
    /// </summary>
    WalkResult Translate<TTrace>(ulong address, in WalkAccess access, WalkPurpose purpose, ref TTrace trace)
        where TTrace : struct, IWalkTrace;
}
