#!/usr/bin/env bash
# Regenerates generated-examples/ from schemas/ in a scratch copy and fails on any byte of
# difference; then runs `tenantc check` on the repository itself.
set -euo pipefail
tenantc=$1
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp "$repo/tenantc.yaml" "$work/"
cp -r "$repo/schemas" "$work/"
first=$(ls "$repo/generated-examples/migrations" | sort | head -n 1)
stamp=${first#changes-}
stamp=${stamp%.sql}
(cd "$work" && "$tenantc" --quiet generate --timestamp "$stamp")
if ! diff -ru "$repo/generated-examples" "$work/generated-examples"; then
  echo "FAIL: generated-examples/ is not what schemas/ produce; run tenantc generate and commit" >&2
  exit 1
fi
(cd "$repo" && "$tenantc" check)
echo "PASS: generated-examples/ matches schemas/"
