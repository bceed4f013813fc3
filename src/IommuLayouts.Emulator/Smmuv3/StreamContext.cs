using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;

namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>
/// A decoded, checked (STE, CD) pair for one (StreamID, SubstreamID): everything a translation needs. Immutable, so a
/// configuration-cache hit shares it between threads without copying.
/// </summary>
internal sealed class StreamContext
{
    public StreamMode Mode;
    public bool Stage1;
    public bool Stage2;
    public bool Ttb0Enabled;
    public bool Ttb1Enabled;
    public bool Tbi0;
    public bool Tbi1;
    public Stage1Config Ttb0;
    public Stage1Config Ttb1;
    public Stage2Config S2;
    public int Vmid;
    public int Asid;
    public bool RecordStage1;
    public bool RecordStage2;
    public SteEats Eats;

    /// <summary>STE.PRIVCFG / INSTCFG when IDR1.ATTR_PERMS_OVR honours them (UseIncoming otherwise).</summary>
    public StePrivCfg PrivCfg;
    public SteInstCfg InstCfg;

    /// <summary>True when <see cref="PrivCfg"/> or <see cref="InstCfg"/> replaces an incoming attribute.</summary>
    public bool OverridesAttributes;
}
