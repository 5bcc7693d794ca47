#!/usr/bin/env bash
# Times `tenantc generate` on the bundled schemas/ with /usr/bin/time: a fresh project (first
# migration, schema.sql, index report) and a no-op run over existing migrations.
# Usage: bench/generate.sh [RUNS]   (build first: scripts/build.sh)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tenantc=$repo/build/tenantc
runs=${1:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$repo/schemas" "$repo/tenantc.yaml" "$work/"

measure() {  # label, then the command; prints the median wall time and the max peak RSS
  local label=$1; shift
  local times=() peak=0
  for _ in $(seq "$runs"); do
    [ "$label" = fresh ] && rm -rf "$work/generated-examples"
    out=$( { /usr/bin/time -f '%e %M' "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -n 1)
    times+=("${out% *}")
    (( ${out#* } > peak )) && peak=${out#* }
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-8s runs=%s median_wall_s=%s peak_rss_kib=%s\n' "$label" "$runs" "$median" "$peak"
}

measure fresh "$tenantc" --project "$work/tenantc.yaml" --quiet generate --timestamp 1767225600
measure noop "$tenantc" --project "$work/tenantc.yaml" --quiet generate
