#!/usr/bin/env bash
# Prints the statistics of the Alibaba 2023 GPU trace (../shared/data/traces/alibaba-gpu-v2023) twice: as Colossim's
# reader and TraceStatistics measure them (the AlibabaTraceValidationTests test, which also checks each against the
# trace's README), and independently with Python's csv module from the raw files. Usage:
#   tools/validation/sharing-traces.sh [TRACE_FOLDER]
# Needs a built test project (dotnet build Colossim.slnx) and python3. Exits 0 and says so when the folder is absent.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
folder="${1:-$root/../shared/data/traces/alibaba-gpu-v2023}"
if [[ ! -f "$folder/openb_pod_list_default.csv" ]]; then
  echo "no Alibaba 2023 trace at $folder (../shared is absent): nothing to check"
  exit 0
fi

echo "== Colossim (Cluster/Traces: Alibaba2023Reader + TraceStatistics) =="
dotnet test "$root/tests/Colossim.Tests" --no-build --nologo \
  --filter "FullyQualifiedName~AlibabaTraceValidationTests" \
  --logger "console;verbosity=detailed" 2>&1 \
  | sed -n '/Standard Output Messages:/,/^$/p' | sed '1d;s/^ *//'
echo "(the test passes only if every number matches the README; see its result above or run it alone)"

echo
echo "== Python csv, from the raw files =="
python3 - "$folder" <<'PY'
import csv, statistics, sys
from collections import Counter
folder = sys.argv[1]
pods = list(csv.DictReader(open(f"{folder}/openb_pod_list_default.csv", newline="")))
print(f"pods {len(pods):,}")
print("num_gpu", ", ".join(f"{k} -> {v:,}" for k, v in sorted(Counter(int(p['num_gpu']) for p in pods).items())))
print(f"fractional {sum(1 for p in pods if p['num_gpu'] == '1' and int(p['gpu_milli']) < 1000):,}")
print("qos", ", ".join(f"{k} {v:,}" for k, v in sorted(Counter(p['qos'] for p in pods).items())))
print("phase", ", ".join(f"{k} {v:,}" for k, v in sorted(Counter(p['pod_phase'] for p in pods).items())))
created = [float(p['creation_time']) for p in pods]
span = max(created) - min(created)
print(f"span {span:,.0f} s = {span / 86400:.1f} days")
print(f"GPU requests {sum(int(p['num_gpu']) * (int(p['gpu_milli']) / 1000 if p['num_gpu'] == '1' else 1) for p in pods):,.1f} GPU-equivalents")
nodes = list(csv.DictReader(open(f"{folder}/openb_node_list_gpu_node.csv", newline="")))
print(f"nodes {len(nodes):,}, GPUs {sum(int(n['gpu']) for n in nodes):,}")
models = Counter()
for n in nodes:
    models[n['model'] or 'unknown'] += int(n['gpu'])
print("GPUs by model", ", ".join(f"{k} {v:,}" for k, v in models.most_common()))
print("nodes by GPUs", ", ".join(f"{k} -> {v:,}" for k, v in sorted(Counter(int(n['gpu']) for n in nodes).items())))
delays = sorted(float(p['scheduled_time']) - float(p['creation_time']) for p in pods if p['scheduled_time'])
def q(x):
    pos = x * (len(delays) - 1); lo = int(pos); hi = min(lo + 1, len(delays) - 1)
    return delays[lo] + (pos - lo) * (delays[hi] - delays[lo])
print(f"queueing delay over {len(delays):,} scheduled pods: mean {statistics.mean(delays):.2f} s, p50 {q(0.5):g} s, p99 {q(0.99):g} s")
PY
