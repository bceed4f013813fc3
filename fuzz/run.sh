#!/usr/bin/env bash
# fuzz/run.sh <target> <seconds> [extra afl-fuzz options]
# Builds fuzz/IommuLayouts.Fuzz, instruments the library assemblies with SharpFuzz, and runs AFL++ on one target
# (formats | scenario | smmuv3 | vtd) for the given time. Output: fuzz/out/<target>/ (not committed); a crash is
# fuzz/out/<target>/default/crashes/id:*; copy it to fuzz/corpus/regressions/<target>/ with a name, and the
# regression test (IommuLayouts.Scenarios.Tests FuzzRegressionTests) replays it in CI.
# Needs: afl++ (apt-get install -y afl++), the SharpFuzz.CommandLine dotnet tool
# (dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0).
set -euo pipefail
target=${1:?usage: fuzz/run.sh <formats|scenario|smmuv3|vtd> <seconds>}
seconds=${2:?usage: fuzz/run.sh <target> <seconds>}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
bin="$here/bin/$target"
out="$here/out/$target"
export PATH="$PATH:$HOME/.dotnet/tools"

# One build directory per target, so targets can run side by side.
dotnet publish "$here/IommuLayouts.Fuzz/IommuLayouts.Fuzz.csproj" -c Release -o "$bin" --nologo -v quiet
for dll in IommuLayouts.dll IommuLayouts.Specs.dll IommuLayouts.Emulator.dll IommuLayouts.Scenarios.dll; do
  # Instrumenting twice is an error; a fresh publish restores the originals.
  sharpfuzz "$bin/$dll" >/dev/null
done

seeds="$here/corpus/$target"
if [ ! -d "$seeds" ] || [ -z "$(ls -A "$seeds" 2>/dev/null)" ]; then
  seeds="$here/out/seeds-$target"; mkdir -p "$seeds"; printf '\0\0\0\0' > "$seeds/zero"
fi
mkdir -p "$out"
resume=()
if [ -d "$out/default/queue" ]; then resume=(-i -); else resume=(-i "$seeds"); fi

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_AUTORESUME=1
# -t: per-input time-out in ms (a hang the step budget did not catch); -m none: the .NET runtime reserves address space.
timeout --preserve-status "$((seconds + 30))" afl-fuzz "${resume[@]}" -o "$out" -t 5000 -m none -V "$seconds" "$@" \
  -- dotnet "$bin/IommuLayouts.Fuzz.dll" "$target" || true
stats="$out/default/fuzzer_stats"
if [ -f "$stats" ]; then
  grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg|stability)' "$stats"
fi
