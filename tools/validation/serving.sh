#!/usr/bin/env bash
# Prints the "## Serving" section of docs/validation.md (with --write: replaces it, from "## Serving" to the end of
# the file). Reads the published throughputs from ../shared/reference/inference.md; skipped cleanly without it.
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
    return
  fi
  cat tools/validation/serving-method.md
  echo
  $C serve --validate "$SHARED/reference/inference.md"
}
if [ "${1:-}" = "--write" ]; then
  body=$(section)
  out=docs/validation.md
  if grep -q '^## Serving$' "$out"; then
    sed -i '/^## Serving$/,$d' "$out"
  fi
  printf '%s\n' "$body" >> "$out"
  echo "wrote the Serving section of $out"
else
  section
fi
