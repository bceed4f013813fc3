using IommuLayouts.Specs.Smmuv3;

namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>
/// The register state a translation depends on, published as one immutable object so that a translation never sees
/// half of a register update (SMMUEN, GBPA.ABORT, STRTAB_BASE and STRTAB_BASE_CFG together).
/// </summary>
internal sealed class Smmuv3Control(bool smmuEnabled, bool gbpaAbort, StrtabBase strtabBase, StrtabBaseCfg strtabBaseCfg)
{
    public readonly bool SmmuEnabled = smmuEnabled;
    public readonly bool GbpaAbort = gbpaAbort;
    public readonly StrtabBase StrtabBase = strtabBase;
    public readonly StrtabBaseCfg StrtabBaseCfg = strtabBaseCfg;
}
