using System;
using System.Collections.Generic;
using System.Globalization;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Scenarios;

/// <summary>Runs a loaded scenario on a fresh device: every action in order, each request's result checked against its expectation.</summary>
public sealed class ScenarioRunner
{
    private readonly ScenarioDevices _devices;
    private readonly LayoutCatalog _catalog;

    public ScenarioRunner(ScenarioDevices devices, LayoutCatalog catalog)
    {
        _devices = devices ?? throw new ArgumentNullException(nameof(devices));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
    }

    /// <summary>A runner over every device model and format of this library.</summary>
    public static ScenarioRunner Default { get; } = new(ScenarioDevices.Default, ScenarioLoader.DefaultCatalog);

    public ScenarioReport Run(Scenario scenario, bool trace = false)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var factory = _devices.Find(scenario.Iommu)
            ?? throw new ScenarioException("$.iommu", $"unknown IOMMU '{scenario.Iommu}' (known: {string.Join(", ", _devices.Kinds)})");
        var device = factory.Create(scenario.Capabilities);
        var results = new List<RequestReport>();
        var records = new List<ScenarioRecord>();

        foreach (var action in scenario.Actions)
        {
            switch (action)
            {
                case MemoryWriteAction memory:
                    for (var i = 0; i < memory.Words.Length; i++)
                    {
                        if (!device.Memory.TryWriteUInt64(memory.Address + (8UL * (ulong)i), memory.Words[i]))
                        {
                            throw new ScenarioException($"{memory.Path}.words[{i}]", Hex($"memory at {0} cannot be written (unaligned, or a fault region)", memory.Address + (8UL * (ulong)i)));
                        }
                    }

                    break;
                case DescriptorWriteAction descriptor:
                    var bytes = new byte[descriptor.Layout.SizeBytes];
                    for (var i = 0; i < bytes.Length; i++)
                    {
                        bytes[i] = (byte)(descriptor.Words[i / 8] >> (8 * (i % 8)));
                    }

                    if (!device.Memory.TryWrite(descriptor.Address, bytes))
                    {
                        throw new ScenarioException(descriptor.Path + ".address", Hex("memory at {0} cannot be written", descriptor.Address));
                    }

                    break;
                case RegisterWriteAction register:
                    if (!device.WriteRegister(register.Offset, register.Value, register.Width))
                    {
                        throw new ScenarioException(register.Path + ".offset", Hex($"the {device.Kind} model has no {register.Width}-bit register at offset {{0}}", register.Offset));
                    }

                    break;
                case RequestAction request:
                    var recorder = trace ? new WalkTraceRecorder() : null;
                    var result = request.Request.Kind == ScenarioRequestKind.Interrupt
                        ? (device as IScenarioInterruptDevice ?? throw new ScenarioException(request.Path, $"the {device.Kind} model has no interrupt requests")).Interrupt(request.Request)
                        : device.Translate(request.Request, recorder);
                    scenario.Expectations.TryGetValue(request.Request.Name, out var expectation);
                    var mismatch = expectation is null ? null : Check(expectation, result);
                    results.Add(new RequestReport(
                        request.Request,
                        result,
                        expectation,
                        expectation is null ? null : mismatch is null,
                        mismatch,
                        recorder is null ? Array.Empty<WalkTraceStep>() : recorder.Steps));
                    break;
                case RegisterCheckAction check:
                    {
                        var value = device.ReadRegister(check.Offset, check.Width);
                        if (value != check.Value)
                        {
                            throw new ScenarioException(check.Path, string.Create(
                                CultureInfo.InvariantCulture, $"the {check.Width}-bit register at 0x{check.Offset:x} reads 0x{value:x}, expected 0x{check.Value:x}"));
                        }

                        break;
                    }

                case MemoryCheckAction check:
                    {
                        if (!device.Memory.TryReadUInt64(check.Address, out var value) || value != check.Value)
                        {
                            throw new ScenarioException(check.Path, string.Create(
                                CultureInfo.InvariantCulture, $"memory at 0x{check.Address:x} holds 0x{value:x}, expected 0x{check.Value:x}"));
                        }

                        break;
                    }

                case DeviceStepAction step:
                    if (device is not IScenarioStepHandler handler || !handler.TryRunStep(step.Kind, step.Body, step.Path, _catalog))
                    {
                        throw new ScenarioException(step.Path, $"unknown step '{step.Kind}' for the {device.Kind} model (steps are memory, descriptor, register, request, expect-register, expect-memory{DeviceSteps(device)})");
                    }

                    break;
            }

            if (scenario.DrainEvents)
            {
                records.AddRange(device.DrainRecords());
            }
        }

        return new ScenarioReport(scenario.Iommu, results, records);
    }

    /// <summary>Null when <paramref name="result"/> meets the expectation, else what differs.</summary>
    public static string? Check(ScenarioExpectation expectation, ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(expectation);
        ArgumentNullException.ThrowIfNull(result);
        if (expectation.Fault is { } fault)
        {
            if (result.Ok)
            {
                return Hex($"expected fault {fault}, got output {{0}}", result.Output);
            }

            return SameFault(fault, result.Fault) ? null : $"expected fault {fault}, got fault {result.Fault}";
        }

        if (!result.Ok)
        {
            return Hex($"expected output {{0}}, got fault {result.Fault}", expectation.Output!.Value);
        }

        if (result.Output != expectation.Output)
        {
            return string.Create(CultureInfo.InvariantCulture, $"expected output 0x{expectation.Output:x}, got 0x{result.Output:x}");
        }

        if (expectation.Data is { } data && data != result.Data)
        {
            return string.Create(CultureInfo.InvariantCulture, $"expected data 0x{data:x}, got {(result.Data is { } got ? $"0x{got:x}" : "none")}");
        }

        if (expectation.PageSize is { } size && size != result.PageSize)
        {
            return string.Create(CultureInfo.InvariantCulture, $"expected page size 0x{size:x}, got 0x{result.PageSize:x}");
        }

        return null;
    }

    /// <summary>Fault names compare case-insensitively; numeric codes compare by value ("0x5a" is "0x5A" is "90").</summary>
    private static bool SameFault(string expected, string? actual)
    {
        if (actual is null)
        {
            return false;
        }

        if (FieldText.TryParseNumber(expected, out var a) && FieldText.TryParseNumber(actual, out var b))
        {
            return a == b;
        }

        return string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase);
    }

    private static string DeviceSteps(IScenarioDevice device) =>
        device is IScenarioStepHandler ? ", or one of the device's own" : string.Empty;

    private static string Hex(string format, ulong value) =>
        string.Format(CultureInfo.InvariantCulture, format, "0x" + value.ToString("x", CultureInfo.InvariantCulture));
}
