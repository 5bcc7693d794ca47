#!/usr/bin/env bash
# CMake integration test (issue 5): examples/consumer with tenantc added as a subproject (add_subdirectory, as FetchContent does), built with Unix Makefiles.
#
# Usage: subdirectory_test.sh TENANTC_EXECUTABLE TENANTC_SOURCE_DIR
#
# TENANTC_EXECUTABLE stands in for the compiler a subproject otherwise builds for the host at
# configure time (minutes; see cmake/TenantcPackage.cmake), so only the runtime and the
# consumer are compiled here. Checks, on a temporary copy of the consumer:
#   1. The build compiles the runtime and the consumer's sources, not the compiler, and no
#      warning in the generated code (-Wall -Wextra -Wpedantic).
#   2. A second `make` compiles nothing; a field edit of one entity recompiles only its source.
set -euo pipefail

[ $# -eq 2 ] || { sed -n 4p "$0" | sed 's/^# //' >&2; exit 2; }
tenantc=$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")
src=$(cd "$2" && pwd -P)
tmp=$(mktemp -d /tmp/tenantc_subdir.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
compiled() { grep -o 'Building CXX object [^ ]*' "$1" | sed 's|.*CMakeFiles/||' | sort || true; }
build() {  # LOG
  make -C "$tmp/b" -j2 >"$1" 2>&1 || { cat "$1"; fail "make ($1)"; }
}
expect_compiled() {  # LOG WHAT EXPECTED...
  local got want
  got=$(compiled "$1")
  want=$(printf '%s\n' "${@:3}" | sort)
  [ "$got" = "$want" ] || { cat "$1"; fail "$2: compiled [$(echo $got)], expected [$(echo $want)]"; }
  echo "ok: $2 compiled: $(echo $got)"
}

cp -r "$src/examples/consumer" "$tmp/consumer"
rm -rf "$tmp/consumer/build" "$tmp/consumer/migrations" "$tmp/consumer/generated"
cmake -S "$tmp/consumer" -B "$tmp/b" -G "Unix Makefiles" -DTENANTC_SOURCE_DIR="$src" \
      -DTENANTC_EXECUTABLE="$tenantc" >"$tmp/configure.log" 2>&1 || { cat "$tmp/configure.log"; fail "configure"; }

build "$tmp/build1.log"
got=$(compiled "$tmp/build1.log")
for want in consumer.dir/main.cpp.o consumer.dir/tenantc/consumer/crm/notes.cpp.o tenantc_runtime.dir/src/connection.cpp.o; do
  grep -qx "$want" <<<"$got" || { cat "$tmp/build1.log"; fail "first build did not compile $want"; }
done
! grep -q 'tenantc_core\|tenantc_testing\|bench' <<<"$got" || fail "the subproject compiled more than the runtime: $(echo $got)"
! grep -q 'warning:' "$tmp/build1.log" || { cat "$tmp/build1.log"; fail "warnings in the first build"; }
[ -x "$tmp/b/consumer" ] || fail "no consumer program"
echo "ok: first build compiled the runtime and the consumer only"

build "$tmp/build2.log"
expect_compiled "$tmp/build2.log" "second build" # nothing

sed -i 's/^      body: text$/      body: string(4000)/' "$tmp/consumer/schemas/crm.yaml"
build "$tmp/build3.log"
expect_compiled "$tmp/build3.log" "notes edited" consumer.dir/tenantc/consumer/crm/notes.cpp.o

echo "PASS"
