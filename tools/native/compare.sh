#!/usr/bin/env bash
# Does the native build of colossim (compiled ahead of time: docs/performance.md, "The native build") print what the
# .NET build prints? Runs every command below with each build, in the same folders (a fresh COLOSSIM_HOME and --out
# folder each time), and compares the exit code, stdout, stderr and every file written, byte for byte once the
# measured wall-clock times are masked; then the dashboard's HTTP API (ten requests to `colossim web` on loopback, with
# curl); then that the native build refuses the sweep grid. Prints one line per check (same / DIFF) and the
# differences; exit 0 when every check agrees, 1 when one does not, 2 for bad input.
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

# The dashboard's HTTP API (docs/web.md): each build serves it on a free loopback port and answers the same requests;
# run ids, times, trace ids and the port are masked.
web_one() {
  local bin=$1 name=$2 home=$work/home port pid ready=0 id
  rm -rf "$home" "${work:?}/$name"
  mkdir -p "$home" "$work/$name"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  COLOSSIM_HOME=$home "$bin" web --urls "http://127.0.0.1:$port" >"$work/$name/server" 2>&1 </dev/null &
  pid=$!
  for _ in $(seq 1 100); do
    if curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then ready=1; break; fi
    kill -0 "$pid" 2>/dev/null || break # it stopped
    sleep 0.1
  done
  local url=http://127.0.0.1:$port
  ask() { # NAME METHOD PATH [CURL ARGS...]: status, content type and body of one request
    local what=$1 method=$2 path=$3
    shift 3
    { curl -s -X "$method" -o "$work/$name/body" -w '%{http_code} %{content_type}\n' "$@" "$url$path"; cat "$work/$name/body"; echo; } >"$work/$name/$what"
  }
  if (( ready )); then
    ask healthz GET /healthz
    ask catalog GET /api/catalog
    ask check-good POST /api/check -H 'Content-Type: application/yaml' --data-binary @scenarios/colossus.yaml
    ask check-bad POST /api/check -H 'Content-Type: application/yaml' --data-binary 'sites: 5'
    ask submit-csv POST /api/runs -H 'Content-Type: text/csv' --data-binary 'a,b'
    ask submit POST /api/runs -H 'Content-Type: application/yaml' --data-binary @scenarios/single-node-h200.yaml
    id=$(grep -oE '[0-9a-f]{32}' "$work/$name/submit" | head -1)
    for _ in $(seq 1 100); do
      ask run GET "/api/runs/$id"
      grep -q '"status": "succeeded"\|"status": "failed"' "$work/$name/run" && break
      sleep 0.1
    done
    ask report GET "/api/runs/$id/report"
    ask unknown GET /api/runs/0123
  else
    echo "the dashboard stopped or did not answer /healthz within 10 s" >"$work/$name/healthz"
  fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$work/$name/body"
  for f in "$work/$name"/*; do
    sed -E -e 's/[0-9a-f]{32}/ID/g' -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z?/TIME/g' -e "s/127\.0\.0\.1:$port/HOST/g" -e 's/"traceId": ?"[^"]*"/"traceId":"T"/g' \
      -e 's/"(wall_s|elapsed_s|queued_s|seconds)": [-0-9.eE+]+/"\1": T/g' "$f" >"$f.masked"
    rm "$f"
  done
}
if command -v curl >/dev/null && command -v python3 >/dev/null; then
  web_one "$dotnet" dotnet
  web_one "$native" native
  if diff -q "$work/dotnet" "$work/native" >/dev/null 2>&1; then
    echo "same  colossim web: $(ls "$work/native" | sed 's/.masked//' | tr '\n' ' ')"
  else
    different=1
    echo "DIFF  colossim web"
    diff "$work/dotnet" "$work/native" | head -20 | sed 's/^/      /' || true
  fi
else
  echo "compare.sh: curl and python3 are needed to compare the dashboard; skipped" >&2
fi

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
