#!/usr/bin/env bash
# Compiles (syntax and semantics, no code generation) the C++ a good golden case expects,
# with the strict warning set, against the runtime headers: the emitter's output for every
# construct of the schema language must be valid C++.
# Usage: compile_case.sh CASE_DIR RUNTIME_INCLUDE_DIR [CXX]
set -euo pipefail
case_dir=$1
runtime_include=$2
cxx=${3:-c++}
ids=$(find "$case_dir/expected" -name tenantc_ids.hpp | head -n 1)
if [ -z "$ids" ]; then
  echo "FAIL: $(basename "$case_dir") has no generated C++ (no tenantc_ids.hpp under expected/)" >&2
  exit 1
fi
out=$(dirname "$ids")
status=0
while IFS= read -r -d '' src; do
  if ! "$cxx" -std=c++20 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I"$runtime_include" -I"$out" "$src"; then
    echo "FAIL: $src" >&2
    status=1
  fi
done < <(find "$out" -name '*.cpp' -print0 | sort -z)
[ $status -eq 0 ] && echo "PASS: $(basename "$case_dir") C++ compiles"
exit $status
