// Scenario files, their device adapters, reports, narration and the demo: the tooling on top of the emulator.
[assembly: System.CLSCompliant(false)]
