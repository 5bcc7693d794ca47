#!/usr/bin/env bash
# Runs every golden case under tests/golden/cases with run_case.sh and prints a summary; exit 1 if any failed.
#
# Usage: run_all.sh TENANTC [CASE_NAME_PATTERN]   (pattern is a shell glob, default *)
# UPDATE_GOLDEN, GOLDEN_ROUNDTRIP and GOLDEN_KEEP_TMP are passed on to run_case.sh.
set -euo pipefail

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: run_all.sh TENANTC [CASE_NAME_PATTERN]" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
pattern=${2:-*}
pass=0
failed=()
for dir in "$here"/cases/$pattern/; do
  [ -f "$dir/tenantc.yaml" ] || continue
  if bash "$here/run_case.sh" "$1" "$dir"; then
    pass=$((pass + 1))
  else
    failed+=("$(basename "$dir")")
  fi
done
echo "${pass} passed, ${#failed[@]} failed${failed[*]:+: ${failed[*]}}"
[ ${#failed[@]} -eq 0 ]
