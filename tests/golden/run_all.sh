#!/usr/bin/env bash
# Runs every golden case under tests/golden/cases with run_case.sh (and its golang-migrate variant, when the case has one) and prints a summary; exit 1 if any failed.
#
# Usage: run_all.sh TENANTC [CASE_NAME_GLOB]   (default *, e.g. 'err_*')
# UPDATE_GOLDEN, GOLDEN_ROUNDTRIP and GOLDEN_KEEP_TMP are passed on to run_case.sh.
# Failing cases that hold a KNOWN_BUG file (hand-written expectations for a known compiler bug)
# are listed apart from the other failures, which are regressions.
set -euo pipefail

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: run_all.sh TENANTC [CASE_NAME_GLOB]" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
pattern=${2:-*}
pass=0
known=()
failed=()
for dir in "$here"/cases/$pattern/; do
  [ -f "$dir/tenantc.yaml" ] || continue
  variants=("")
  [ ! -d "$dir/golang-migrate" ] || variants+=(golang-migrate)
  for variant in "${variants[@]}"; do
    label=$(basename "$dir")${variant:+@$variant}
    if bash "$here/run_case.sh" "$1" "$dir" ${variant:+"$variant"}; then
      pass=$((pass + 1))
    elif [ -f "$dir/KNOWN_BUG" ]; then
      known+=("$label")
    else
      failed+=("$label")
    fi
  done
done
echo "${pass} passed, $((${#known[@]} + ${#failed[@]})) failed"
[ ${#known[@]} -eq 0 ] || echo "  known compiler bugs (KNOWN_BUG): ${known[*]}"
[ ${#failed[@]} -eq 0 ] || echo "  other failures: ${failed[*]}"
[ $((${#known[@]} + ${#failed[@]})) -eq 0 ]
