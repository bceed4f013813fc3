using System;
using System.Collections.Generic;
using ConsumerApp;
using IommuLayouts;

// Prints what the generated code did; the test compares it with values worked out by hand.
var page = default(PageDescriptor);
page.Valid = true;
page.Sh = Shareability.InnerShareable;
page.OutputAddress = 0x8_4000_1000;
page.Pbha = 0xA;
Console.WriteLine($"word={page.GetWord(0):x16}");
Console.WriteLine($"address={page.OutputAddress:x}");
Console.WriteLine($"valid={page.Validate().IsValid}");

// RES0 bit 5 set and the reserved SH encoding 0b01.
var broken = PageDescriptor.FromWords([0x121UL]);
var found = new List<string>();
foreach (var v in broken.Validate())
{
    found.Add($"{v.Rule}:{v.Lo}..{v.Hi}");
}

found.Sort(StringComparer.Ordinal);
Console.WriteLine($"broken={string.Join(',', found)}");

var invalidWithAddress = PageDescriptor.FromWords([0x1000UL]);
Console.WriteLine($"rule={invalidWithAddress.Validate()[0].Rule}");

Span<byte> bytes = stackalloc byte[PageDescriptor.SizeBytes];
page.WriteTo(bytes);
Console.WriteLine($"roundtrip={PageDescriptor.Read(bytes) == page}");

var catalog = new LayoutCatalog(ConsumerApp.BitLayoutCatalog.Layouts, IommuLayouts.Specs.BitLayoutCatalog.Layouts);
Console.WriteLine($"found={catalog.TryFind("consumer.page", out var layout) && layout.Fields.Count == 4}");
Console.WriteLine($"ignored={layout.Ignored[0].Lo}..{layout.Ignored[0].Hi}");
