#!/usr/bin/env bash
# CMake integration test (issue 5): installs tenantc, builds examples/consumer with find_package + tenantc_generate, runs it on a throwaway PostgreSQL, then checks incremental rebuilds.
#
# Usage: consumer_test.sh TENANTC_BUILD_DIR TENANTC_SOURCE_DIR
#
# Works on a temporary copy of the consumer, so the repository is never modified:
#   1. `cmake --install` into a temp prefix; the package gives every target (a configure-only
#      probe project); configure (Ninja) and build the consumer, without warnings.
#   2. `tenantc generate` (the installed one) writes its migrations; sql-migrate applies them;
#      the program creates a tenant and a customer and prints them back.
#   3. A second build has nothing to do (`ninja -n -d explain`, then a real `ninja`).
#   4. A field edit of one entity recompiles exactly the objects that include its header.
#   5. A YAML syntax error and a semantic error fail the build with `schemas/crm.yaml:L:C: error:`;
#      undoing the error regenerates but recompiles nothing.
#   6. A new entity (YAML edit) and a new module file are picked up by a plain `ninja` (CMake
#      re-runs itself) and compiled; afterwards there is again nothing to do.
#   7. `tenantc generate` turns the edits into a migration; after it the rebuilt program runs.
set -euo pipefail

[ $# -eq 2 ] || { sed -n 4p "$0" | sed 's/^# //' >&2; exit 2; }
build=$(cd "$1" && pwd -P)
src=$(cd "$2" && pwd -P)

tmp=$(mktemp -d /tmp/tenantc_consumer.XXXXXX)
trap 'rm -rf "$tmp"' EXIT   # set before pg_start, which chains its own cleanup onto it
# shellcheck source=../integration/pg_throwaway.sh
source "$src/tests/integration/pg_throwaway.sh"

step() { echo "== $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
# Object files ninja compiled, from its output, sorted and relative to the target's folder.
compiled() { grep -o 'Building CXX object [^ ]*' "$1" | sed 's|.*CMakeFiles/consumer.dir/||' | sort || true; }
expect_compiled() {  # LOG WHAT EXPECTED...
  local log=$1 what=$2; shift 2
  local got want
  got=$(compiled "$log")
  want=$(printf '%s\n' "$@" | sort)
  [ "$got" = "$want" ] || { cat "$log"; fail "$what: compiled [$(echo $got)], expected [$(echo $want)]"; }
  echo "ok: $what compiled: $(echo $got)"
}
expect_no_work() {  # WHAT
  local log="$tmp/explain.log"
  ninja -C "$tmp/b" -n -d explain >"$log" 2>&1
  if ! grep -q 'ninja: no work to do' "$log"; then
    cat "$log"; fail "$1: ninja -n -d explain reports work"
  fi
  echo "ok: $1: ninja -n -d explain reports no work"
}
gen=tenantc/consumer   # where the generated sources are, inside the consumer's build folder

step "install tenantc into a temp prefix"
cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log"
for f in bin/tenantc lib/cmake/tenantc/tenantcConfig.cmake lib/cmake/tenantc/TenantcGenerate.cmake \
         include/tenantc/runtime.hpp; do
  [ -e "$tmp/prefix/$f" ] || fail "not installed: $f"
done

# The package's targets, as a project that only configures sees them.
mkdir "$tmp/probe"
cat >"$tmp/probe/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(probe LANGUAGES CXX)
find_package(tenantc 0.1 CONFIG REQUIRED)
foreach(t tenantc::tenantc tenantc::runtime tenantc::testing)
  if(NOT TARGET ${t})
    message(FATAL_ERROR "missing ${t}")
  endif()
endforeach()
get_target_property(inc tenantc::runtime INTERFACE_INCLUDE_DIRECTORIES)
get_target_property(libs tenantc::runtime INTERFACE_LINK_LIBRARIES)
if(NOT inc STREQUAL "${EXPECTED_PREFIX}/include" OR NOT "PostgreSQL::PostgreSQL" IN_LIST libs)
  message(FATAL_ERROR "tenantc::runtime: includes ${inc}, links ${libs}")
endif()
if(NOT COMMAND tenantc_generate)
  message(FATAL_ERROR "no tenantc_generate()")
endif()
EOF
cmake -S "$tmp/probe" -B "$tmp/probe/b" -DCMAKE_PREFIX_PATH="$tmp/prefix" -DEXPECTED_PREFIX="$tmp/prefix" \
  >"$tmp/probe.log" 2>&1 || { cat "$tmp/probe.log"; fail "the installed package's targets"; }
echo "ok: installed package: tenantc::tenantc, tenantc::runtime (include dir, libpq), tenantc::testing, tenantc_generate"

step "configure and build the consumer (find_package)"
cp -r "$src/examples/consumer" "$tmp/consumer"
rm -rf "$tmp/consumer/build" "$tmp/consumer/migrations" "$tmp/consumer/generated"
app="$tmp/consumer"
cmake -S "$app" -B "$tmp/b" -G Ninja -DCMAKE_PREFIX_PATH="$tmp/prefix" >"$tmp/configure.log" 2>&1 \
  || { cat "$tmp/configure.log"; fail "configure"; }
ninja -C "$tmp/b" >"$tmp/build1.log" 2>&1 || { cat "$tmp/build1.log"; fail "first build"; }
expect_compiled "$tmp/build1.log" "first build" main.cpp.o \
  $gen/core/tenants.cpp.o $gen/crm/customers.cpp.o $gen/crm/notes.cpp.o
! grep -q 'warning:' "$tmp/build1.log" || { cat "$tmp/build1.log"; fail "warnings in the first build"; }

step "migrations, PostgreSQL, run"
(cd "$app" && "$tmp/prefix/bin/tenantc" --quiet --timestamp 1767225600 generate)
pg_start
pg_createdb consumer
sqlmigrate consumer "$app/migrations" up >"$tmp/migrate.log" 2>&1 || { cat "$tmp/migrate.log"; fail "sql-migrate up"; }
out=$("$tmp/b/consumer" "host=$PGHOST port=$PGPORT dbname=consumer") || fail "the consumer failed: $out"
want="tenant Acme: customer Ada Lovelace <ada@example.com> lead
customers of Acme: 1
seen by Other: no"
[ "$out" = "$want" ] || fail "consumer output:
$out
expected:
$want"
echo "ok: consumer output"

step "nothing changed"
expect_no_work "second build"
ninja -C "$tmp/b" >"$tmp/build2.log" 2>&1
grep -q 'ninja: no work to do' "$tmp/build2.log" || { cat "$tmp/build2.log"; fail "second build did work"; }

step "edit one field of one entity"
sed -i 's/^      body: text$/      body: string(4000)/' "$app/schemas/crm.yaml"
ninja -C "$tmp/b" >"$tmp/build3.log" 2>&1 || { cat "$tmp/build3.log"; fail "build after editing notes"; }
expect_compiled "$tmp/build3.log" "notes edited" $gen/crm/notes.cpp.o
sed -i 's/^      email: .*$/&\n      phone: string(40)?/' "$app/schemas/crm.yaml"
ninja -C "$tmp/b" >"$tmp/build4.log" 2>&1 || { cat "$tmp/build4.log"; fail "build after editing customers"; }
# main.cpp includes crm/customers.hpp, so it is recompiled too.
expect_compiled "$tmp/build4.log" "customers edited" main.cpp.o $gen/crm/customers.cpp.o
expect_no_work "after the edits"

step "errors in the YAML fail the build"
cp "$app/schemas/crm.yaml" "$tmp/crm.yaml.good"
expect_build_error() {  # WHAT
  local log="$tmp/error.log"
  if ninja -C "$tmp/b" >"$log" 2>&1; then cat "$log"; fail "$1: the build succeeded"; fi
  # The compiler's own message, shown by the failing build step (CMake's re-run warns too).
  sed -n '/^FAILED: /,$p' "$log" | grep -Eq "schemas/crm\.yaml:[0-9]+:[0-9]+: error: " \
    || { cat "$log"; fail "$1: no schemas/crm.yaml:L:C: error: from the failing step"; }
  echo "ok: $1: $(sed -n '/^FAILED: /,$p' "$log" | grep -E 'schemas/crm\.yaml:[0-9]+:[0-9]+: error: ' | head -1)"
}
printf '  broken: { fields: [\n' >>"$app/schemas/crm.yaml"
expect_build_error "syntax error"
cp "$tmp/crm.yaml.good" "$app/schemas/crm.yaml"
sed -i 's/^      body: string(4000)$/      body: strnig(4000)/' "$app/schemas/crm.yaml"
expect_build_error "unknown type"
cp "$tmp/crm.yaml.good" "$app/schemas/crm.yaml"
ninja -C "$tmp/b" >"$tmp/build5.log" 2>&1 || { cat "$tmp/build5.log"; fail "build after undoing the errors"; }
expect_compiled "$tmp/build5.log" "errors undone" # nothing: the generated files never changed
expect_no_work "after undoing the errors"

step "a new entity and a new module"
cat >>"$app/schemas/crm.yaml" <<'EOF'

  tags:
    fields:
      label: string(50)
EOF
ninja -C "$tmp/b" >"$tmp/build6.log" 2>&1 || { cat "$tmp/build6.log"; fail "build after adding an entity"; }
grep -q 'Re-running CMake' "$tmp/build6.log" || { cat "$tmp/build6.log"; fail "CMake did not re-run"; }
# tenantc_ids.hpp gains TagId, and every generated header includes it.
expect_compiled "$tmp/build6.log" "entity added" main.cpp.o \
  $gen/core/tenants.cpp.o $gen/crm/customers.cpp.o $gen/crm/notes.cpp.o $gen/crm/tags.cpp.o
cat >"$app/schemas/billing.yaml" <<'EOF'
module: billing

entities:
  invoices:
    fields:
      customer_id: { ref: crm.customers }
      total: money
EOF
ninja -C "$tmp/b" >"$tmp/build7.log" 2>&1 || { cat "$tmp/build7.log"; fail "build after adding a module"; }
grep -q "Building CXX object .*$gen/billing/invoices.cpp.o" "$tmp/build7.log" \
  || { cat "$tmp/build7.log"; fail "the new module's entity was not compiled"; }
echo "ok: module added, billing/invoices.cpp compiled"
expect_no_work "after adding"

step "the changes as a new migration, and the rebuilt program"
# --allow-destructive: notes.body went from text to string(4000), a narrowing.
(cd "$app" && "$tmp/prefix/bin/tenantc" --quiet --timestamp 1767225700 --allow-destructive generate)
sqlmigrate consumer "$app/migrations" up >"$tmp/migrate2.log" 2>&1 || { cat "$tmp/migrate2.log"; fail "sql-migrate up (2)"; }
out=$("$tmp/b/consumer" "host=$PGHOST port=$PGPORT dbname=consumer") || fail "the rebuilt consumer failed: $out"
[ "$out" = "$want" ] || fail "rebuilt consumer output:
$out"
echo "ok: rebuilt consumer output"

echo "PASS"
