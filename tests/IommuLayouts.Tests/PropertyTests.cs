using IommuLayouts.Tests.Layouts;
using Xunit;

namespace IommuLayouts.Tests;

public sealed class PropertyTests
{
    [Fact]
    public void Flags64_properties()
    {
        LayoutProperties<Flags64>.RoundTripsThroughBytes();
        LayoutProperties<Flags64>.SettersRoundTripAndTouchOnlyTheirBits(SampleFields.Flags64);
        LayoutProperties<Flags64>.ValidateReportsExactlyTheWrongReservedBits();
    }

    [Fact]
    public void Crossing128_properties()
    {
        LayoutProperties<Crossing128>.RoundTripsThroughBytes();
        LayoutProperties<Crossing128>.SettersRoundTripAndTouchOnlyTheirBits(SampleFields.Crossing128);
        LayoutProperties<Crossing128>.ValidateReportsExactlyTheWrongReservedBits();
    }

    [Fact]
    public void Wide512_properties()
    {
        LayoutProperties<Wide512>.RoundTripsThroughBytes();
        LayoutProperties<Wide512>.SettersRoundTripAndTouchOnlyTheirBits(SampleFields.Wide512);
        LayoutProperties<Wide512>.ValidateReportsExactlyTheWrongReservedBits();
    }

    [Fact]
    public void Tiny8_properties()
    {
        LayoutProperties<Tiny8>.RoundTripsThroughBytes();
        LayoutProperties<Tiny8>.SettersRoundTripAndTouchOnlyTheirBits(SampleFields.Tiny8);
        LayoutProperties<Tiny8>.ValidateReportsExactlyTheWrongReservedBits();
    }

    [Fact]
    public void Huge1024_properties()
    {
        LayoutProperties<Huge1024>.RoundTripsThroughBytes();
        LayoutProperties<Huge1024>.SettersRoundTripAndTouchOnlyTheirBits(SampleFields.Huge1024);
        LayoutProperties<Huge1024>.ValidateReportsExactlyTheWrongReservedBits();
    }
}
