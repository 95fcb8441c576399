#!/usr/bin/env bash
# Regenerates docs/validation.md from the shipped calibration and ../shared (when present). Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-../shared}
C="dotnet run --project src/Colossim.Cli --"
out=docs/validation.md
{
  cat tools/validation/method.md
  echo; echo "## Dev set: H200 end-to-end steps (\`e2e-dev.jsonl\` of the project's shared calibration material)"; echo
  $C validate --measurements "$SHARED/calibration/h200/e2e-dev.jsonl" --gpu h200-sxm --markdown || true
  echo; echo "## Shapes outside the dev set, measured by the project (\`tools/validation/h200-selfcheck-2026-11-28.jsonl\`)"; echo
  cat tools/validation/selfcheck.md; echo
  $C validate --measurements tools/validation/h200-selfcheck-2026-11-28.jsonl --gpu h200-sxm --markdown || true
  echo; echo "## GEMM leave-one-out on the H200 grid"; echo
  $C calibrate loo --gpu h200-sxm --markdown
  echo; echo "## Vidur H100 Llama-2-70B per-layer tables (roofline path: no H100 calibration shipped)"; echo
  $C validate --measurements "$SHARED/data/vidur/data/profiling/compute/h100/meta-llama/Llama-2-70b-hf/mlp.csv" --gpu h100-sxm --markdown | sed -n '/^| kind |/,$p'
  # The Build and Power section is written by hand (its numbers come from `colossim plan` and `colossim power`).
  echo; cat docs/validation-build.md
  echo; tools/validation/serving.sh
} > "$out"
echo "wrote $out"
