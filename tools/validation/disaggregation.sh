#!/usr/bin/env bash
# Disaggregated prefill/decode against colocated replicas on the same GPUs (docs/validation.md, "Disaggregated prefill
# and decode"): for each traffic and SLO, the highest Poisson rate meeting the SLOs (colossim serve --search) of the
# colocated fleet (continuous batching with chunked prefill, and prefill-first as vLLM V0, DistServe's baseline) and of
# every prefill:decode split (--disaggregate auto). Prints the Markdown table. Usage: tools/validation/disaggregation.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
colossim=(dotnet "$root/src/Colossim.Cli/bin/Debug/net10.0/colossim.dll")
base=(serve --model llama2-70b --gpu h100-sxm --gpus 64 --tp 8 --search --lengths log-normal --length-spread 1 --requests 2000 --format json)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "| traffic | ISL→OSL | SLO TTFT / TPOT p99 | colocated continuous (req/s) | colocated prefill-first (req/s) | best split P:D (req/s) | gain over continuous | gain over prefill-first | every split P:D → req/s |"
echo "|---|---|---|---:|---:|---:|---:|---:|---|"
for case in "conv 1155 211 1s 100ms" "conv 1155 211 1s 25ms" "code 2048 28 1s 25ms" "code 2048 28 2s 100ms"; do
  set -- $case
  args=(--input-len "$2" --output-len "$3" --slo-ttft "$4" --slo-tpot "$5")
  "${colossim[@]}" "${base[@]}" "${args[@]}" > "$tmp/continuous.json" 2>/dev/null
  "${colossim[@]}" "${base[@]}" "${args[@]}" --scheduler prefill-first > "$tmp/prefill-first.json" 2>/dev/null
  "${colossim[@]}" "${base[@]}" "${args[@]}" --disaggregate auto > "$tmp/split.json" 2>/dev/null
  python3 - "$tmp" "$@" <<'PY'
import json, sys
tmp, name, isl, osl, ttft, tpot = sys.argv[1:]
c = json.load(open(f"{tmp}/continuous.json"))["max_rate_meeting_slo"]
p = json.load(open(f"{tmp}/prefill-first.json"))["max_rate_meeting_slo"]
s = json.load(open(f"{tmp}/split.json"))
best = s["max_rate_meeting_slo"]
d = s["deployment"]["disaggregation"]
ratios = ", ".join(f'{r["prefill_replicas"]}:{r["decode_replicas"]} → {r["max_rate_meeting_slo"]:.1f}' for r in s["search"]["ratios"])
print(f'| Azure 2023 {name} (log-normal, CV 1) | {isl}→{osl} | {ttft} / {tpot} | {c:.1f} | {p:.1f} | {d["prefill_replicas"]}:{d["decode_replicas"]} → {best:.1f} '
      f'| {best / c:.2f}× | {best / p:.2f}× | {ratios} |')
PY
done
