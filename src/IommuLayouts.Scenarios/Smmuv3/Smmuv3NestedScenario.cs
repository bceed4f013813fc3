using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using IommuLayouts.Emulator.Nesting;
using IommuLayouts.Emulator.Nesting.Smmuv3;
using IommuLayouts.Scenarios.Nesting;
using IommuLayouts.Specs.Smmuv3;

namespace IommuLayouts.Scenarios.Smmuv3;

/// <summary>The SMMUv3 part of a nested scenario: StreamIDs, a guest STE to bind, guest commands to pass through.</summary>
internal sealed class Smmuv3NestedScenario : NestedScenarioVendor
{
    public override string Kind => "smmuv3-nested";

    public override string EndpointKey => "stream";

    public override string DomainIdName => "VMID";

    public override IReadOnlyList<string> InvalidateKeys { get; } = ["domain", "commands"];

    public override (uint Id, uint? Pasid) RequestIds(ScenarioRequest request) =>
        (request.StreamId ?? throw new ScenarioException("$.requests", $"request '{request.Name}' needs \"stream\" on an SMMUv3"), request.SubstreamId);

    public override ulong DeviceId(JsonElement value, string path) => ScenarioLoader.Number(value, path);

    public override string IdText(uint id) => $"StreamID {id}";

    public override string GuestTables(GuestStage1Tables guest, ulong asid) =>
        $"a CD table with one CD, ASID {asid}, TTB0 GPA 0x{guest.RootTable:x}";

    public override GuestStage1Config BindConfig(JsonElement body, string path, GuestStage1Tables? guest, GuestStage1Mode mode)
    {
        GuestStage1Config config;
        if (body.TryGetProperty("ste", out var ste))
        {
            if (ste.ValueKind != JsonValueKind.Array || ste.GetArrayLength() != 2)
            {
                throw new ScenarioException(path + ".ste", "expected the two guest STE words [\"0x...\", \"0x...\"]");
            }

            config = GuestStage1Config.ForSmmuv3(ScenarioLoader.Number(ste[0], path + ".ste[0]"), ScenarioLoader.Number(ste[1], path + ".ste[1]"));
        }
        else
        {
            config = (guest ?? throw new ScenarioException(path, "give \"guest\" or \"ste\"")).BindConfig(mode);
        }

        return WithAsidBits(config, body, path);
    }

    public override (GuestInvalidation Request, string Text) Invalidation(NestedScenarioDevice device, JsonElement body, string path, LayoutCatalog catalog)
    {
        var vm = device.FindDomain(body, path);
        var commands = new List<Smmuv3GuestCommand>();
        var i = 0;
        foreach (var c in NestedScenarioDevice.Items(body, "commands", path))
        {
            var p = $"{path}.commands[{i++}]";
            if (c.ValueKind == JsonValueKind.Array && c.GetArrayLength() == 2)
            {
                commands.Add(new Smmuv3GuestCommand(ScenarioLoader.Number(c[0], p + "[0]"), ScenarioLoader.Number(c[1], p + "[1]")));
                continue;
            }

            if (c.ValueKind != JsonValueKind.Object)
            {
                throw new ScenarioException(p, "expected [\"0x<word0>\", \"0x<word1>\"] or { \"format\", \"fields\" }");
            }

            ScenarioLoader.CheckKeys(c, p, "format", "fields");
            var formatName = c.TryGetProperty("format", out var fmt) && fmt.ValueKind == JsonValueKind.String
                ? fmt.GetString()!
                : throw new ScenarioException(p + ".format", "expected a format name such as \"smmuv3.cmd.tlbi-nh-va\"");
            if (!catalog.TryFind(formatName, out var layout))
            {
                throw new ScenarioException(p + ".format", $"unknown format '{formatName}'");
            }

            var words = new ScenarioLoader(catalog).Encode(layout, c, p);
            commands.Add(new Smmuv3GuestCommand(words[0], words.Length > 1 ? words[1] : 0));
        }

        var text = $"{commands.Count} command(s) {string.Join(", ", commands.Select(c => $"{(CommandOpcode)c.Opcode} [0x{c.Word0:x16} 0x{c.Word1:x16}]"))}";
        return (new Smmuv3Invalidation(vm, commands), text);
    }

    public override int IssuedFor(int done) => done + 1;
}
