// The emulator core: guest memory, table walkers, caches and page-table builders.
[assembly: System.CLSCompliant(false)]
