#!/usr/bin/env bash
# Regenerates the "## Training" section at the end of docs/validation.md from `colossim train validate`. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/validation.md
C="dotnet run --project src/Colossim.Cli --"
table=$($C train validate)
head=$(awk '/^## Training$/{exit} {print}' "$out")
{
  printf '%s\n\n' "$head"
  echo "## Training"; echo
  cat tools/validation/training-method.md; echo
  printf '%s\n' "$table"
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote the Training section of $out"
