namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_PRI_RESP.Resp: the PCIe PRG Response Code sent for a page request group. 3 is reserved.</summary>
/// <remarks>Linux arm-smmu-v3.h enum pri_resp.</remarks>
public enum PriResponse : byte
{
    /// <summary>Invalid Request: the requests are rejected.</summary>
    Deny = 0,

    /// <summary>Response Failure: the function must stop using PRI.</summary>
    Fail = 1,

    /// <summary>Success: the pages are resident.</summary>
    Success = 2,
}
