#!/usr/bin/env bash
# The speed-up of a 1,000-point plan-sized sweep on two cores over one (docs/performance.md, "Sweeps"), and what this
# machine gives for perfectly parallel work, measured in the same rounds: each round times `taskset -c 0 colossim sweep
# ... --jobs 1`, then `colossim sweep ... --jobs 2` (taskset -c 0,1), then two one-core sweeps side by side (`taskset -c
# 0` and `taskset -c 1`, two processes, no shared state). Two cores that each ran as fast as one alone would finish the
# pair in the time of one sweep; a virtual or shared machine does not (its cores slow each other), and
# "machine" = 2 x (1 core) / (the pair's slower sweep) is the speed-up that no sweep can beat there. "share" is the
# sweep's speed-up over the machine's: (the pair's slower sweep) / (2 x (2 cores)). Each sweep has a fresh store; one warm-up run of each kind first; every round
# and the medians are printed. On a shared or virtual machine the rounds spread widely: run enough of them, and compare
# builds by interleaving them, not one after the other.
#
# Usage: tools/sweeps/speedup.sh [COLOSSIM [ROUNDS [STORE_DIR]]]
#   COLOSSIM   the command to time (default: the Release build, src/Colossim.Cli/bin/Release/net10.0/colossim)
#   ROUNDS     rounds to run, 1 to 1000 (default 8)
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

# One sweep with a fresh store named $3 (default "speedup"); prints its wall time in seconds.
sweep() {
  local cpus=$1 jobs=$2 name=${3:-speedup} start end
  rm -f "$stores/$name".db*
  start=$(date +%s%N)
  taskset -c "$cpus" "$colossim" sweep "$scenario" --vary "$vary" --jobs "$jobs" --store "$stores/$name.db" >/dev/null 2>&1 \
    || fail "the sweep failed: $colossim sweep $scenario --vary '$vary' --jobs $jobs"
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}

# Two one-core sweeps at once, one on each core; prints the slower one's wall time.
pair() {
  local first second
  sweep 0 1 first >"$stores/first.time" & first=$!
  second=$(sweep 1 1 second)
  wait "$first" || exit 2
  awk -v a="$(cat "$stores/first.time")" -v b="$second" 'BEGIN { printf "%.3f", (a > b ? a : b) }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
twice() { awk -v a="$1" 'BEGIN { print 2 * a }'; }

sweep 0 1 >/dev/null
sweep 0,1 2 >/dev/null
pair >/dev/null
echo "round  1 core  2 cores  speed-up  side by side  machine  share"
ones=() twos=() pairs=() ratios=() machines=() shares=()
for ((r = 1; r <= rounds; r++)); do
  one=$(sweep 0 1)
  two=$(sweep 0,1 2)
  both=$(pair)
  speedup=$(ratio "$one" "$two")
  machine=$(ratio "$(twice "$one")" "$both")
  share=$(ratio "$both" "$(twice "$two")")
  printf "%5d  %6s  %7s  %8s  %12s  %7s  %5s\n" "$r" "$one" "$two" "$speedup" "$both" "$machine" "$share"
  ones+=("$one") twos+=("$two") pairs+=("$both") ratios+=("$speedup") machines+=("$machine") shares+=("$share")
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
m1=$(median "${ones[@]}") m2=$(median "${twos[@]}") mp=$(median "${pairs[@]}")
echo "median: 1 core $m1 s, 2 cores $m2 s, side by side $mp s; speed-up of the medians $(ratio "$m1" "$m2"), the machine's $(ratio "$(twice "$m1")" "$mp")"
echo "median of the rounds: speed-up $(median "${ratios[@]}"), the machine's $(median "${machines[@]}"), share $(median "${shares[@]}")"
