#!/usr/bin/env bash
# Integration test of the schema differ on a throwaway PostgreSQL with the real sql-migrate: for every case that tenantc_differ_cases writes, the diff's migrations take the database built from `from` to exactly the one built fresh from `to`, each Down restores the state before its Up, and Up, Down, Up dumps the same as Up.
#
# Usage: differ_pg_test.sh TENANTC_DIFFER_CASES [RANDOM_CASES]   (default $DIFFER_PG_CASES or 30)
#
# Per case (one database each):
#   1. `up -limit=1` applies plan_create(from); a diff that destroys nothing gets a row in every
#      table then (seed.sql), so its migrations run on data; then each diff migration alone (`up -limit=1`),
#      recording an order-insensitive catalog signature after each (columns sorted by name, since
#      PostgreSQL appends added columns; constraints and indexes with their definitions; enum
#      values in order; comments; invalid indexes flagged).
#   2. The signature after the last migration equals that of a database built fresh from `to`.
#   3. `down -limit=1` per diff migration, newest first: each restores the previous signature.
#   4. `up` again: `pg_dump --schema-only` is identical to the one after the first up.
# Prints PASS/FAIL per case and "N passed, M failed" last. Exit 0 when all passed.
# PG_KEEP_TMP=1 keeps the server's temp dir (with the cases) for debugging.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=pg_throwaway.sh
source "$here/pg_throwaway.sh"

[ $# -ge 1 ] || { sed -n '4p' "${BASH_SOURCE[0]}" | sed 's/^# //' >&2; exit 2; }
cases_bin=$1
random_cases=${2:-${DIFFER_PG_CASES:-30}}

npass=0
nfail=0
pass() { npass=$((npass + 1)); echo "PASS: $*"; }
fail() { nfail=$((nfail + 1)); echo "FAIL: $*"; }
indent() { sed 's/^/    /'; }

pg_start || { echo "FAIL: start throwaway PostgreSQL"; echo "0 passed, 1 failed"; exit 1; }
work="$PG_THROWAWAY_DIR/differ"
mkdir -p "$work/cases"
"$cases_bin" "$work/cases" "$random_cases"

# The order-insensitive catalog signature (catalog_signature.sql).
signature() { pg_psql "$1" -Atf "$here/catalog_signature.sql" >"$2"; }

run_case() {
  local dir=$1 name db fresh k n
  name=$(basename "$dir")
  db="d_$name"
  fresh="f_$name"
  local log="$dir/log" about
  about=$(cat "$dir/about.txt")
  shopt -s nullglob
  local files=("$dir"/migrations/*.sql)
  shopt -u nullglob
  n=$(( ${#files[@]} - 1 ))   # diff migrations after the base

  pg_createdb "$db"
  pg_createdb "$fresh"
  if ! sqlmigrate "$fresh" "$dir/fresh" up >"$log" 2>&1; then
    fail "$name: fresh plan of to does not apply ($about)"; indent <"$log"; return
  fi
  signature "$fresh" "$dir/want.sig"
  for ((k = 0; k <= n; k++)); do
    if ! sqlmigrate "$db" "$dir/migrations" up -limit=1 >"$log" 2>&1; then
      fail "$name: up of migration $k ($about)"; indent <"$log"; indent <"${files[k]}"; return
    fi
    signature "$db" "$dir/up$k.sig"
    if [ "$k" = 0 ] && [ -f "$dir/seed.sql" ] && ! pg_psql "$db" -f "$dir/seed.sql" >"$log" 2>&1; then
      fail "$name: seed rows do not insert ($about)"; indent <"$log"; indent <"$dir/seed.sql"; return
    fi
  done
  if ! diff -u --label "fresh to" --label "from + diff" "$dir/want.sig" "$dir/up$n.sig" >"$dir/up.diff"; then
    fail "$name: from + diff differs from a fresh to ($about)"; indent <"$dir/up.diff"
    for ((k = 1; k <= n; k++)); do indent <"${files[k]}"; done
    return
  fi
  pg_dump_schema "$db" "$dir/up1.dump"
  for ((k = n; k >= 1; k--)); do
    if ! sqlmigrate "$db" "$dir/migrations" down -limit=1 >"$log" 2>&1; then
      fail "$name: down of migration $k ($about)"; indent <"$log"; indent <"${files[k]}"; return
    fi
    signature "$db" "$dir/down$k.sig"
    if ! diff -u --label "before up $k" --label "after down $k" "$dir/up$((k - 1)).sig" "$dir/down$k.sig" >"$dir/down.diff"; then
      fail "$name: down of migration $k does not restore the state before it ($about)"; indent <"$dir/down.diff"
      indent <"${files[k]}"; return
    fi
  done
  if ! sqlmigrate "$db" "$dir/migrations" up >"$log" 2>&1; then
    fail "$name: up after down ($about)"; indent <"$log"; return
  fi
  pg_dump_schema "$db" "$dir/up2.dump"
  if ! diff -u --label "first up" --label "up, down, up" "$dir/up1.dump" "$dir/up2.dump" >"$dir/dump.diff"; then
    # Only where the case says a column comes back at the end of its table may the order of
    # the columns differ; nothing else may.
    if [ -f "$dir/column_order_may_change" ] \
       && diff -q <(columns_sorted <"$dir/up1.dump") <(columns_sorted <"$dir/up2.dump") >/dev/null; then
      pass "$name ($n migration(s); column order differs after up, down, up: $(cat "$dir/column_order_may_change"))"
      return
    fi
    fail "$name: up, down, up dumps differently from up ($about)"; indent <"$dir/dump.diff"; return
  fi
  pass "$name ($n migration(s)$([ -f "$dir/seed.sql" ] && echo ", with rows"))"
}

# A dump with the lines inside each CREATE TABLE sorted (trailing commas dropped).
columns_sorted() {
  awk '
    /^CREATE TABLE / { print; inside = 1; n = 0; next }
    inside && /^\);/ { for (i = 1; i <= n; i++) print rows[i] | "sort"; close("sort"); print; inside = 0; next }
    inside { sub(/,$/, ""); rows[++n] = $0; next }
    { print }'
}

for dir in "$work"/cases/*/; do
  run_case "${dir%/}"
done
echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
