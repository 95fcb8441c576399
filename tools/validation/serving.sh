#!/usr/bin/env bash
# Prints the "## Serving" section of docs/validation.md (with --write: replaces it, from "## Serving" to the next
# "## " heading or the end of the file). Reads the published throughputs from ../shared/reference/inference.md and SplitwiseSim's measured
# latencies from ../shared/data/splitwise-sim; each part is skipped cleanly without its file.
# Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-../shared}
C="dotnet run --project src/Colossim.Cli -c Release --"
section() {
  echo "## Serving"
  echo
  if [ ! -f "$SHARED/reference/inference.md" ]; then
    echo "Skipped: \`$SHARED/reference/inference.md\` (the project's reference notes) is not beside the repository."
  else
    cat tools/validation/serving-method.md
    echo
    $C serve --validate "$SHARED/reference/inference.md"
  fi
  echo
  echo "### SplitwiseSim: Llama-2-70B iteration latencies"
  echo
  local db="$SHARED/data/splitwise-sim/data/perf_model.csv"
  if [ ! -f "$db" ]; then
    echo "Skipped: \`$db\` (SplitwiseSim's measured database) is not beside the repository."
    return
  fi
  cat tools/validation/serving-splitwise-method.md
  echo
  $C serve --validate-splitwise "$db"
}
if [ "${1:-}" = "--write" ]; then
  body=$(section)
  out=docs/validation.md
  if grep -q '^## Serving$' "$out"; then
    # The section in place of the old one; the sections after it stay.
    printf '%s\n' "$body" > "$out.serving"
    awk -v f="$out.serving" '
      /^## Serving$/ { while ((getline l < f) > 0) print l; skip = 1; next }
      skip && /^## / { skip = 0; print ""; }
      !skip { print }' "$out" > "$out.new"
    mv "$out.new" "$out"
    rm -f "$out.serving"
  else
    printf '%s\n' "$body" >> "$out"
  fi
  echo "wrote the Serving section of $out"
else
  section
fi
