#!/usr/bin/env bash
# Expert parallelism on colossim serve (docs/validation.md, "Serving: expert parallelism"): the same GPUs serving a
# mixture-of-experts model with tensor parallelism only and with expert parallelism (--ep), offline (every request at
# time zero) and at a Poisson rate, fixed lengths; then DeepSeek-V3 on 128 H800s at ep 128 in DeepSeek's published
# decode setup. Prints the Markdown tables. Usage: tools/validation/expert-parallel.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
colossim=(dotnet "$root/src/Colossim.Cli/bin/Debug/net10.0/colossim.dll")
row() { # model gpu gpus tp ep traffic...
  local m=$1 g=$2 n=$3 tp=$4 ep=$5
  shift 5
  "${colossim[@]}" serve --model "$m" --gpu "$g" --gpus "$n" --tp "$tp" --ep "$ep" "$@" --format json 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin); p = d["deployment"]; traffic = sys.argv[1]
out, tpot, ttft, kv = d["output_tokens_per_s"], d["tpot_ms"]["p50"], d["ttft_ms"]["p50"], p["kv_blocks_per_replica"]
print("| %s | %d × %s | %s | %d | %d | %d | %s | %.1f | %s | %s |" % (p["model"], d["gpus"], p["gpu"], traffic, p["tp"], p["ep"], p["replicas"], f"{out:,.0f}", tpot, f"{ttft:,.0f}", f"{kv:,}"))' "$*"
}
echo "| model | GPUs | traffic | tp | ep | replicas | output tok/s | TPOT p50 (ms) | TTFT p50 (ms) | KV blocks per replica |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
for traffic in "--mode offline --input-len 1024 --output-len 256 --requests 4000" "--rate 8 --input-len 1024 --output-len 256 --requests 1000"; do
  for layout in "2 1" "8 1" "1 2" "1 8" "2 4"; do
    set -- $layout
    row mixtral-8x7b h100-sxm 8 "$1" "$2" $traffic
  done
done
for traffic in "--mode offline --input-len 1024 --output-len 256 --requests 2000" "--rate 4 --input-len 1024 --output-len 256 --requests 1000"; do
  for layout in "8 1" "1 8" "2 4"; do
    set -- $layout
    row grok-1 h200-sxm 8 "$1" "$2" $traffic
  done
done
echo
echo "DeepSeek-V3 decode, 128 × H800, ep 128, fp8, 64 sequences per GPU (DeepSeek profile-data's decode setup):"
"${colossim[@]}" serve --model deepseek-v3 --gpu h800 --gpus 128 --ep 128 --dtype fp8 --max-batch 64 --concurrency 8192 \
  --input-len 1024 --output-len 1786 --requests 16384 --format json 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin); tpot = d["tpot_ms"]["p50"]; per_gpu = d["output_tokens_per_s"] / d["gpus"]
print(f"TPOT p50 {tpot:.1f} ms: {64 / tpot * 1000:,.0f} decode tokens/s per GPU (64 ÷ TPOT); output {per_gpu:,.0f} tokens/s per GPU with prefill colocated; published 2,324 (decode)")'
