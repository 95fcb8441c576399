#!/usr/bin/env bash
# Does the native build of colossim (compiled ahead of time: docs/performance.md, "The native build") print what the
# .NET build prints? Runs every command below with each build, in the same folders (a fresh COLOSSIM_HOME and --out
# folder each time), and compares the exit code, stdout, stderr and every file written, byte for byte once the
# measured wall-clock times are masked. Prints one line per command (same / DIFF) and the differences; exit 0 when every
# command agrees, 1 when one does not, 2 for bad input.
#
# Usage: tools/native/compare.sh NATIVE [DOTNET]
#   NATIVE  the native colossim: dotnet publish src/Colossim.Cli -c Release -r linux-x64 -p:Native=true -o OUT, then OUT/colossim
#   DOTNET  the .NET build to compare with (default: src/Colossim.Cli/bin/Release/net10.0/colossim; dotnet build -c Release)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "compare.sh: $*" >&2; exit 2; }
(( $# >= 1 && $# <= 2 )) || fail "usage: tools/native/compare.sh NATIVE [DOTNET]"
native=$1
dotnet=${2:-$root/src/Colossim.Cli/bin/Release/net10.0/colossim}
for bin in "$native" "$dotnet"; do
  [[ -x $bin && ! -d $bin ]] || fail "expected an executable colossim, found '$bin'"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/colossim-native.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$root"

# One command per line, OUT standing for a fresh output folder. Every command, JSON and text, files written, and bad input.
commands=$(cat <<'EOF'
--version
--help
run scenarios/colossus.yaml --out OUT
run scenarios/colossus.yaml --format json
run scenarios/partnership-gb200.yaml --format json --seed 7
run scenarios/single-node-h200.yaml --out OUT
run tests/Colossim.Tests/TestData/Scenarios/kitchen-sink.yaml --format json
check scenarios/colossus.yaml
check scenarios/colossus.yaml --format json
check tests/Colossim.Tests/TestData/Scenarios/kitchen-sink.yaml --format json
catalog
catalog --format json
catalog gpus --format json
catalog models
plan --budget-usd 30B --gpu gb200
plan --budget-usd 30B --gpu gb200 --format json
plan --gpus 100000 --gpu h100-sxm --system hgx-h100 --fabric ethernet --format json
plan --power-mw 150 --gpu h200-sxm --pue 1.3 --format json
power scenarios/colossus.yaml --out OUT
power scenarios/colossus.yaml --duration 1h --step 100ms --policy peak-shave --format json --out OUT
predict --model llama3-70b --gpu h200-sxm --tp 8 --phase decode --batch 64 --context 2048
predict --model llama3-8b --gpu h200-sxm --phase mixed --chunk 512 --batch 32 --context 2048 --format json
predict --model llama3.2-1b --gpu h200-sxm --phase train --batch 4 --seq-len 4096 --format json
serve --model llama3-8b --gpu h200-sxm --gpus 1 --concurrency 64 --input-len 512 --output-len 128
serve --model llama3-8b --gpu h200-sxm --gpus 1 --concurrency 64 --input-len 512 --output-len 128 --format json
serve --model llama2-70b --gpu h100-sxm --gpus 8 --tp 8 --dtype fp8 --mode offline --input-len 300 --output-len 290 --requests 512 --format json
serve --model llama3-8b --gpu h200-sxm --gpus 2 --trace tests/Colossim.Tests/TestData/serving/azure-small.csv --format json
validate --measurements data/calibration/h200-sxm/e2e-dev.jsonl --format json
validate --measurements data/calibration/h200-sxm/e2e-dev.jsonl --markdown
calibrate show --gpu h200-sxm
calibrate show --gpu h200-sxm --format json
calibrate loo --gpu h200-sxm --format json
comm --op all-reduce --gpu h100-sxm --gpus 8 --sizes 1KiB:8GiB
comm --op all-to-all --gpu gb200 --gpus 576 --size 64MiB --format json
train --model llama3-8b --gpu h100-sxm --gpus 64 --tp 2 --micro-batch 2 --format json
train --model llama3-70b --gpu h200-sxm --gpus 1024 --search --tokens 15e12 --format json
schedule --gpus 1024 --jobs 2000 --shares xai=0.6,microsoft=0.4
schedule --gpus 1024 --jobs 2000 --shares xai=0.6,microsoft=0.4 --format json
sweep scenarios/single-node-h200.yaml --vary sites[0].gpus.count=8,16,32 --objective build.total.tco_usd --out OUT
sweep tests/Colossim.Tests/TestData/Sweeps/plan-sized.yaml --vary sites[0].gpus.count=1024:102400:1024 --jobs 2 --format json --out OUT
runs --format json
plan --gpus -1
plan --gpus 1e30 --gpu h100-sxm --format json
predict --model llama3-8b --gpu h200-sxm --tp NaN
run scenarios
check /dev/null
sweep scenarios/colossus.yaml --vary sites[0].power.pue=0,2
EOF
)

# Masks what differs between any two runs: measured wall-clock times and rates, and a sweep's progress lines.
mask() {
  sed -E -e '/^sweep: [0-9,]+\/[0-9,]+ runs/d' -e 's/[0-9.,]+ runs\/s/R runs\/s/g' -e 's/"(wall_s|wall_ms|elapsed_s|rate_per_s|runs_per_s)": [-0-9.eE+]+/"\1": T/g' \
         -e 's/ in [0-9.]+ (s|ms)\b/ in T \1/g' -e 's/[0-9.,]+\/s\b/R\/s/g' -e 's/[0-9.]+ (s|ms) wall/T \1 wall/g' "$@"
}

# Runs one command with one build; leaves stdout, stderr, the exit code and the files written under $work/$2.
run_one() {
  local bin=$1 name=$2 line=$3 out=$work/out home=$work/home
  rm -rf "$out" "$home" "${work:?}/$name"
  mkdir -p "$home" "$work/$name"
  local args=${line//OUT/$out}
  set +e
  # shellcheck disable=SC2086 # the line is split into words on purpose
  COLOSSIM_HOME=$home COLUMNS=160 "$bin" $args >"$work/$name/stdout" 2>"$work/$name/stderr" </dev/null
  echo $? >"$work/$name/exit"
  set -e
  if [[ -d $out ]]; then cp -r "$out" "$work/$name/files"; fi
}

different=0
while IFS= read -r line; do
  [[ -n $line ]] || continue
  run_one "$dotnet" dotnet "$line"
  run_one "$native" native "$line"
  for f in stdout stderr exit; do
    mask "$work/dotnet/$f" >"$work/dotnet/$f.masked"
    mask "$work/native/$f" >"$work/native/$f.masked"
  done
  if [[ -d $work/dotnet/files || -d $work/native/files ]]; then
    for side in dotnet native; do
      mkdir -p "$work/$side/files"
      (cd "$work/$side/files" && find . -type f | sort | while read -r file; do echo "== $file"; mask "$file" | sha256sum; done) >"$work/$side/files.masked"
    done
  fi
  if diff -q "$work/dotnet" "$work/native" -x files -x stdout -x stderr -x exit >/dev/null 2>&1; then
    echo "same  colossim $line"
  else
    different=1
    echo "DIFF  colossim $line"
    diff "$work/dotnet" "$work/native" -x files -x stdout -x stderr -x exit | head -20 | sed 's/^/      /' || true
  fi
done <<<"$commands"
# What only the native build refuses: joining the sweep grid (Orleans needs the .NET runtime), in one line, exit code 2.
grid="expected the .NET build of colossim to join the sweep grid, found the native build"
for line in "worker --cluster Host=db;Database=grid" "sweep scenarios/single-node-h200.yaml --vary sites[0].gpus.count=8,16 --cluster Host=db;Database=grid"; do
  run_one "$native" native "$line"
  if [[ $(cat "$work/native/exit") == 2 && $(cat "$work/native/stderr") == "error: --cluster: $grid"* ]]; then
    echo "same  colossim $line (refused by the native build, as it should be)"
  else
    different=1
    echo "DIFF  colossim $line: expected the native build to refuse it with exit code 2 and '--cluster: $grid ...', found exit code $(cat "$work/native/exit"):"
    head -5 "$work/native/stderr" | sed 's/^/      /'
  fi
done
exit $different
