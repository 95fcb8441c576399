#!/usr/bin/env bash
# The speed-up of a 1,000-point plan-sized sweep on two cores over one (docs/performance.md, "Sweeps"): alternating
# pairs of `taskset -c 0 colossim sweep ... --jobs 1` and `colossim sweep ... --jobs 2` (taskset -c 0,1), each with a
# fresh store, after one warm-up run of each; prints every pair, then the medians. On a shared or virtual machine the
# pairs spread widely: run enough rounds, and compare builds by interleaving them, not one after the other.
#
# Usage: tools/sweeps/speedup.sh [COLOSSIM [ROUNDS [STORE_DIR]]]
#   COLOSSIM   the command to time (default: the Release build, src/Colossim.Cli/bin/Release/net10.0/colossim)
#   ROUNDS     pairs to run, 1 to 1000 (default 8)
#   STORE_DIR  where the fresh stores go (default: a new folder under ${TMPDIR:-/tmp}; a disk, as the default store)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
colossim=${1:-$root/src/Colossim.Cli/bin/Release/net10.0/colossim}
rounds=${2:-8}
stores=${3:-}

fail() { echo "speedup.sh: $*" >&2; exit 2; }
[[ -x $colossim && ! -d $colossim ]] || fail "expected an executable colossim, found '$colossim' (build it: dotnet build src/Colossim.Cli -c Release)"
[[ $rounds =~ ^[0-9]+$ ]] && (( 10#$rounds >= 1 && 10#$rounds <= 1000 )) || fail "expected ROUNDS from 1 to 1000, found '$rounds'"
rounds=$((10#$rounds))
[[ -z $stores || ( -d $stores && -w $stores ) ]] || fail "expected a writable folder for the stores, found '$stores'"
command -v taskset >/dev/null || fail "needs taskset (util-linux) to hold a run to one core"
(( $(nproc) >= 2 )) || fail "needs at least two cores, found $(nproc)"
if [[ -z $stores ]]; then
  stores=$(mktemp -d "${TMPDIR:-/tmp}/colossim-speedup.XXXXXX")
  trap 'rm -rf "$stores"' EXIT
fi

scenario=$root/tests/Colossim.Tests/TestData/Sweeps/plan-sized.yaml
vary='sites[0].gpus.count=1024:1024000:1024'

# One sweep with a fresh store; prints its wall time in seconds.
sweep() {
  local cpus=$1 jobs=$2 start end
  rm -f "$stores"/speedup.db*
  start=$(date +%s%N)
  taskset -c "$cpus" "$colossim" sweep "$scenario" --vary "$vary" --jobs "$jobs" --store "$stores/speedup.db" >/dev/null 2>&1 \
    || fail "the sweep failed: $colossim sweep $scenario --vary '$vary' --jobs $jobs"
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}

sweep 0 1 >/dev/null
sweep 0,1 2 >/dev/null
echo "round  1 core  2 cores  speed-up"
ones=() twos=() ratios=()
for ((r = 1; r <= rounds; r++)); do
  one=$(sweep 0 1)
  two=$(sweep 0,1 2)
  ratio=$(awk -v a="$one" -v b="$two" 'BEGIN { printf "%.2f", a / b }')
  printf "%5d  %6s  %7s  %8s\n" "$r" "$one" "$two" "$ratio"
  ones+=("$one") twos+=("$two") ratios+=("$ratio")
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
m1=$(median "${ones[@]}") m2=$(median "${twos[@]}")
echo "median: 1 core $m1 s, 2 cores $m2 s, speed-up of the medians $(awk -v a="$m1" -v b="$m2" 'BEGIN { printf "%.2f", a / b }'), median of the pairs' speed-ups $(median "${ratios[@]}")"
