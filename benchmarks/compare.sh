#!/usr/bin/env bash
# Issue 12: the hand-written C baseline and the two BenchmarkDotNet translate suites in one sitting, and each
# operation's model/C ratio as a markdown table.
#
#   benchmarks/compare.sh [extra BenchmarkDotNet arguments]
#
# Needs gcc, dotnet and jq. Builds the C program and keeps every artifact in a temporary directory (nothing is
# written to the tree). The C times are the median of 15 timed loops; the model times are BenchmarkDotNet's Mean.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "date:   $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "before: $(uptime)"

gcc -O2 -march=native -Wall -Wextra -Werror -o "$work/baseline" "$root/benchmarks/baseline/baseline.c"
"$work/baseline" > "$work/c.txt"

methods=(
  '*Smmuv3TranslateBenchmarks.TlbHit'
  '*Smmuv3TranslateBenchmarks.Stage1Walk4Level'
  '*Smmuv3TranslateBenchmarks.NestedWalk4x4'
  '*Smmuv3TranslateBenchmarks.WorkingSetLargerThanTlb'
  '*VtdTranslateBenchmarks.TlbHit'
  '*VtdTranslateBenchmarks.Walk4Level'
  '*VtdTranslateBenchmarks.NestedWalk4x4'
  '*VtdTranslateBenchmarks.WorkingSetLargerThanTlb'
)
dotnet run -c Release --project "$root/benchmarks/IommuLayouts.Benchmarks" -- \
  --filter "${methods[@]}" --warmupCount 3 --iterationCount 10 --exporters json --artifacts "$work/bdn" "$@" \
  > "$work/bdn.log" 2>&1 || { tail -n 40 "$work/bdn.log"; exit 1; }

echo "after:  $(uptime)"
echo

# "Class Method MeanNs AllocatedBytes" for every benchmark run
jq -r '.Benchmarks[] | "\(.Type) \(.Method) \(.Statistics.Mean) \(.Memory.BytesAllocatedPerOperation)"' \
  "$work"/bdn/results/*.json > "$work/model.txt" || { ls -R "$work/bdn"; exit 1; }

c() { awk -v n="$1" '$1 == n { print $2 }' "$work/c.txt"; }
m() { awk -v t="$1" -v n="$2" '$1 == t && $2 == n { print $3 }' "$work/model.txt"; }
a() { awk -v t="$1" -v n="$2" '$1 == t && $2 == n { print $4 }' "$work/model.txt"; }
fmt() { awk -v x="$1" 'BEGIN { if (x == "") print "—"; else if (x < 10) printf "%.2f ns", x; else printf "%.1f ns", x }'; }
ratio() { awk -v m="$1" -v c="$2" 'BEGIN { if (m == "" || c == "") print "—"; else printf "%.1f×", m / c }'; }

row() { # label c-name c-name-vtd smmu-method vtd-method
  local cs cv s v
  cs="$(c "$2")"; cv="$(c "$3")"
  s="$(m Smmuv3TranslateBenchmarks "$4")"; v="$(m VtdTranslateBenchmarks "$5")"
  local cc
  if [ "$2" = "$3" ]; then cc="$(fmt "$cs")"; else cc="$(fmt "$cs") / $(fmt "$cv")"; fi
  echo "| $1 | $cc | $(fmt "$s") | $(ratio "$s" "$cs") | $(fmt "$v") | $(ratio "$v" "$cv") | $(a Smmuv3TranslateBenchmarks "$4") B / $(a VtdTranslateBenchmarks "$5") B |"
}

echo "| operation | C | SMMUv3 model | ratio | VT-d model | ratio | allocated (SMMUv3 / VT-d) |"
echo "|---|---|---|---|---|---|---|"
row "TLB hit" hit hit TlbHit TlbHit
row "4-level walk" walk4 walk4 Stage1Walk4Level Walk4Level
row "nested 4×4 walk" nested nested NestedWalk4x4 NestedWalk4x4
row "working set 4× the TLB (miss-walk-insert)" ws_smmu ws_vtd WorkingSetLargerThanTlb WorkingSetLargerThanTlb
echo
echo "C minimum of 15 loops: $(awk '{ printf "%s %.2f ns  ", $1, $3 }' "$work/c.txt")"
