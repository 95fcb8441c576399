#!/usr/bin/env bash
# Regenerates docs/validation.md from the shipped calibration and ../shared (when present). Run from the repository root.
# With ../shared it first re-derives the two tables that come from Vidur's profiles (fused kernels, cross-GPU error).
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-../shared}
VIDUR="$SHARED/data/vidur"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -d "$VIDUR/data/profiling" ]; then
  python3 tools/validation/derive_fused.py "$VIDUR" > data/calibration/h200-sxm/fused-kernels.jsonl
fi
dotnet build src/Colossim.Cli -c Debug -v q -nologo > /dev/null
C="dotnet run --no-build --project src/Colossim.Cli --"
if [ -d "$VIDUR/data/profiling" ]; then
  python3 tools/validation/cross_gpu.py "$VIDUR" --cli "$C" --data "$tmp/cross-gpu-error.jsonl" > "$tmp/cross-gpu.md"
  if ! cmp -s "$tmp/cross-gpu-error.jsonl" data/calibration/h200-sxm/cross-gpu-error.jsonl; then
    cp "$tmp/cross-gpu-error.jsonl" data/calibration/h200-sxm/cross-gpu-error.jsonl
    dotnet build src/Colossim.Cli -c Debug -v q -nologo > /dev/null
  fi
fi
out=docs/validation.md
{
  cat tools/validation/method.md
  echo; echo "## Dev set: H200 end-to-end steps (\`e2e-dev.jsonl\` of the project's shared calibration material)"; echo
  $C validate --measurements "$SHARED/calibration/h200/e2e-dev.jsonl" --gpu h200-sxm --markdown || true
  echo; echo "## The decode tail"; echo
  cat tools/validation/decode-tail.md; echo
  $C validate --measurements "$SHARED/calibration/h200/e2e-dev.jsonl" --gpu h200-sxm --format json > "$tmp/dev.json" || true
  $C validate --measurements tools/validation/h200-selfcheck-2026-11-28.jsonl --gpu h200-sxm --format json > "$tmp/self.json" || true
  python3 - "$tmp/dev.json" "$tmp/self.json" <<'PY'
import json, re, statistics, sys
print("| measurements | batch | decode steps | errors | median error |\n| --- | ---: | ---: | --- | ---: |")
for name, path in (("dev set", sys.argv[1]), ("self-check", sys.argv[2])):
    try:
        cases = [c for c in json.load(open(path))["cases"] if c["kind"] == "decode_e2e"]
    except (OSError, ValueError):
        continue
    for b in (1, 4, 8, 16):
        rows = [c for c in cases if re.search(rf"\bB={b}\b", c["shape"])]
        if rows:
            errs = ", ".join(f"{c['error_pct']:+.1f}% ({c['model']}{' ' + c['shape'].split()[0] if c['shape'].startswith('tp') else ''}{' fp8' if 'fp8' in c['shape'] else ''}{' ' + c['shape'].split()[2] if len(c['shape'].split()) > 2 else ''})" for c in rows)
            print(f"| {name} | {b} | {len(rows)} | {errs} | {statistics.median(c['error_pct'] for c in rows):+.1f}% |")
PY
  echo; echo "## Host dispatch: eager prefills of 128-512 tokens"; echo
  echo "Predicted now (host dispatch = kernels x 9.26 us, the median of the probe's eager launch records) against the"
  echo "estimator it replaces (kernels x 24 us, the median of one run's host-bound eager calls); an eager step takes"
  echo "max(GPU time, host dispatch)."; echo
  for m in "llama3-8b 1" "llama3-70b 8"; do
    set -- $m
    for s in 128 256 512; do
      $C predict --model "$1" --gpu h200-sxm --tp "$2" --phase prefill --seq-len "$s" --format json > "$tmp/p-$1-$s.json"
    done
  done
  python3 - "$tmp" <<'PY'
import json, sys
print("| model | tokens | kernels | GPU ms | host ms now | predicted ms now | host ms at 24 us | predicted ms before | move |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for model, tp in (("llama3-8b", 1), ("llama3-70b", 8)):
    for s in (128, 256, 512):
        d = json.load(open(f"{sys.argv[1]}/p-{model}-{s}.json"))
        old_host = d["kernels"] * 24e-3
        old = max(d["gpu_ms"], old_host)
        print(f"| {model} tp{tp} | {s} | {d['kernels']} | {d['gpu_ms']:.3f} | {d['host_ms']:.3f} | {d['time_ms']:.3f} | {old_host:.3f} | {old:.3f} | {(d['time_ms'] - old) / old * 100:+.1f}% |")
PY
  echo; echo "The probe host's own end-to-end checks (\`tools/gpu-probe/results/h200-2026-11-28.jsonl\`, \`e2e_check\`: the host"
  echo "whose launch records calibrate the model):"; echo
  grep -E '"kind": "(prefill|decode)_e2e"' tools/gpu-probe/results/h200-2026-11-28.jsonl > "$tmp/probe-e2e.jsonl"
  $C validate --measurements "$tmp/probe-e2e.jsonl" --gpu h200-sxm --markdown | sed -n '/^| line |/,$p' || true
  echo; echo "## Shapes outside the dev set, measured by the project (\`tools/validation/h200-selfcheck-2026-11-28.jsonl\`)"; echo
  cat tools/validation/selfcheck.md; echo
  $C validate --measurements tools/validation/h200-selfcheck-2026-11-28.jsonl --gpu h200-sxm --markdown || true
  echo; echo "## GEMM leave-one-out on the H200 grid"; echo
  $C calibrate loo --gpu h200-sxm --markdown
  echo; echo "## Fused kernels (cross-GPU fit from Vidur's H100 and A100 profiles)"; echo
  python3 - <<'PY'
import json
print("| op | bytes per element | floor at width 0 (us) | floor per 1,000 of width (us) | samples | floor samples | bandwidth samples |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for line in open("data/calibration/h200-sxm/fused-kernels.jsonl"):
    r = json.loads(line)
    print(f"| {r['op']} | {r['bytes_per_element']:.2f} | {r['floor_us']:.2f} | {r['floor_us_per_width'] * 1000:.3f} | {r['samples']} | {r['floor_samples']} | {r['bandwidth_samples']} |")
print()
print("Source: " + json.loads(open("data/calibration/h200-sxm/fused-kernels.jsonl").readline())["source"] + ".")
PY
  echo; echo "## Vidur H100 Llama-2-70B per-layer tables (roofline path: no H100 calibration shipped)"; echo
  echo "Per operator and per layer (the sum of a row's operators), by median and weighted by time (sum of |predicted -"
  echo "measured| over the sum of measured). The norm, activation and RoPE rows are in-sample: their fit was derived from"
  echo "these profiles (see Method)."; echo
  $C validate --measurements "$VIDUR/data/profiling/compute/h100/meta-llama/Llama-2-70b-hf/mlp.csv" --gpu h100-sxm --markdown | sed -n '/^| kind |/,$p'
  if [ -f "$tmp/cross-gpu.md" ]; then
    echo; echo "## Cross-GPU: Vidur's H100 and A100 layers predicted from the H200"; echo
    echo "Every Llama-layer profile of Vidur (\`data/profiling/compute/{h100,a100}\`) predicted through the roofline path"
    echo "(\`tools/validation/cross_gpu.py\`). The largest time-weighted per-layer error of each GPU is the uncertainty"
    echo "\`colossim predict\` states for it (\`uncertainty_pct\`); a GPU not in this table gets the largest of them."; echo
    cat "$tmp/cross-gpu.md"
  fi
  # The GPU power section is written by hand (its numbers are held by GpuPowerModelTests and the commands it names).
  echo; cat docs/validation-power.md
  # The Build and Power section is written by hand (its numbers come from `colossim plan` and `colossim power`).
  echo; cat docs/validation-build.md
  # The Network section: written by NetworkValidationTests from ../shared's Vidur curves (COLOSSIM_APPROVE=1 dotnet test
  # tests/Colossim.Tests --filter "FullyQualifiedName~NetworkValidation"), kept in docs/validation-network.md.
  echo; cat docs/validation-network.md
  echo; tools/validation/serving.sh
} > "$out"
echo "wrote $out"
tools/validation/training.sh
