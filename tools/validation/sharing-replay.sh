#!/usr/bin/env bash
# Replays the Alibaba 2023 GPU pod lists (../shared/data/traces/alibaba-gpu-v2023) on their own node lists under every
# policy (docs/validation.md, "Sharing: replaying the Alibaba 2023 pod list on its own cluster"), and prints, from the
# raw files with Python's csv module, what the trace itself says about its load (pods alive at once by the trace's own
# times) and its pending pods. Usage:
#   tools/validation/sharing-replay.sh [TRACE_FOLDER] [COLOSSIM...]
# COLOSSIM defaults to `dotnet src/Colossim.Cli/bin/Release/net10.0/colossim.dll` (build it with
# `dotnet build src/Colossim.Cli -c Release`). Exits 0 and says so when the folder is absent.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
folder="${1:-$root/../shared/data/traces/alibaba-gpu-v2023}"
shift || true
if [[ $# -gt 0 ]]; then colossim=("$@"); else colossim=(dotnet "$root/src/Colossim.Cli/bin/Release/net10.0/colossim.dll"); fi
if [[ ! -f "$folder/openb_pod_list_default.csv" ]]; then
  echo "no Alibaba 2023 trace at $folder (../shared is absent): nothing to replay"
  exit 0
fi

read -r -d '' row <<'PY' || true
import json, sys
d = json.loads(sys.argv[1]); j = d['jobs']; q = d['queue_s']; u = d['utilization']
print(f"{sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {d['policy']} | {j['completed']:,} | {j['failed']:,} | {j['withdrawn']:,} | "
      f"{q['mean']:.1f} / {q['p50']:.0f} / {q['p99']:.0f} | {u['allocated']:.2%} ({u['while_arriving']:.2%}) | {d['fragmented_gpu_hours']:,.0f} | {d['sim']['wall_s']:.2f}")
PY
echo "pods | nodes | speedup | policy | completed | failed | withdrawn | queue mean/p50/p99 s | GPUs allocated (while arriving) | fragmented GPU-h | wall s"
for config in "default gpu_node 1" "default all_node 1" "gpuspec33 gpu_node 1" "default gpu_node 10000" "gpuspec33 gpu_node 10000"; do
  read -r pods nodes speedup <<<"$config"
  for policy in fifo fifo-backfill multifactor drf priority; do
    json="$("${colossim[@]}" schedule --trace "$folder/openb_pod_list_$pods.csv" --trace-format alibaba-2023 \
      --nodes "$folder/openb_node_list_$nodes.csv" --policy "$policy" --failures none --arrival-speedup "$speedup" --format json 2>/dev/null)"
    python3 -c "$row" "$json" "$pods" "$nodes" "$speedup"
  done
done

echo
echo "== the trace's own load and pending pods (Python csv) =="
python3 - "$folder" <<'PY'
import csv, statistics, sys
folder = sys.argv[1]
pods = list(csv.DictReader(open(f"{folder}/openb_pod_list_default.csv", newline="")))
gpu = lambda p: int(p["num_gpu"]) * (int(p["gpu_milli"]) / 1000 if p["num_gpu"] == "1" else 1)
events = []
for p in pods:
    if p["scheduled_time"] and p["deletion_time"]:
        events += [(float(p["scheduled_time"]), 1, p), (float(p["deletion_time"]), -1, p)]
events.sort(key=lambda e: (e[0], e[1]))
alive = peak_pods = 0; g = peak_gpu = 0.0
for _, d, p in events:
    alive += d; g += d * gpu(p)
    peak_pods = max(peak_pods, alive); peak_gpu = max(peak_gpu, g)
print(f"pods alive at once by the trace's times (scheduled .. deleted): at most {peak_pods:,}, holding at most {peak_gpu:,.1f} GPU-equivalents")
pending = [p for p in pods if p["pod_phase"] == "Pending"]
waits = sorted(float(p["deletion_time"]) - float(p["creation_time"]) for p in pending)
print(f"pending pods {len(pending):,}: created {min(float(p['creation_time']) for p in pending):,.0f} .. {max(float(p['creation_time']) for p in pending):,.0f} s; "
      f"deleted after waiting median {statistics.median(waits):,.0f} s, mean {statistics.mean(waits):,.0f} s, at most {max(waits):,.0f} s")
run = [float(p["deletion_time"]) - float(p["scheduled_time"]) for p in pods if p["pod_phase"] == "Running"]
last = max(float(p["deletion_time"]) for p in pods)
at_end = sum(1 for p in pods if p["pod_phase"] == "Running" and float(p["deletion_time"]) == last)
print(f"Running pods {len(run):,}: run (deleted - scheduled) median {statistics.median(run):,.0f} s; deleted at the trace's last time ({last:,.0f} s): {at_end:,}")
PY
