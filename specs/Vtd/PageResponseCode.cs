namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// Response code of a page-group response descriptor (RC, bits 12..15; Linux <c>QI_RESP_SUCCESS/INVALID/FAILURE</c>).
/// Other encodings are reserved.
/// </summary>
public enum PageResponseCode : byte
{
    /// <summary>The pages of the group are now mapped.</summary>
    Success = 0,

    /// <summary>The request was invalid; the device must not retry it.</summary>
    InvalidRequest = 1,

    /// <summary>The response failed; the device disables its page-request interface.</summary>
    ResponseFailure = 0xF,
}
