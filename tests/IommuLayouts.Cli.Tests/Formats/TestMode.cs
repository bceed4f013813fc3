namespace IommuLayouts.Cli.Tests.Formats;

/// <summary>Access mode of <see cref="Control64"/>; encodings 4, 6 and 7 are reserved.</summary>
public enum TestMode : byte
{
    Off = 0,
    Read = 1,
    Write = 2,
    ReadWrite = 3,
    Bypass = 5,
}
