#!/usr/bin/env bash
# Integration test of a golang-migrate migrations folder on a throwaway PostgreSQL: every up file applied the way that tool applies it, each down file restoring exactly the schema before its up, and up again equal to the first up.
#
# Usage: golang_roundtrip.sh MIGRATIONS_DIR
#
# golang-migrate is not packaged for Debian, so this applies the files the way its postgres
# driver does: the whole file sent as ONE query string (psql -c), which PostgreSQL runs as one
# implicit transaction, so a CONCURRENTLY statement only works alone in its file. Checks:
#   1. each NNNNNN_*.up.sql in version order applies; the schema dump after each is recorded;
#   2. each .down.sql, newest first, restores exactly the dump from before its up (column order
#      aside: PostgreSQL appends a column a down re-adds);
#   3. all ups again: the dump equals the one after the first pass.
# Prints PASS/FAIL lines and "N passed, M failed" last; exit 0 when all passed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=pg_throwaway.sh
source "$here/pg_throwaway.sh"

[ $# -eq 1 ] && [ -d "$1" ] || { sed -n '4p' "${BASH_SOURCE[0]}" | sed 's/^# //' >&2; exit 2; }
mdir=$(cd "$1" && pwd -P)

mapfile -t ups < <(cd "$mdir" && ls | grep -E '^[0-9]+_.*\.up\.sql$' | sort -n)
[ ${#ups[@]} -gt 0 ] || { echo "no NNNNNN_*.up.sql files in $mdir" >&2; exit 2; }

npass=0
nfail=0
pass() { npass=$((npass + 1)); echo "PASS: $*"; }
fail() { nfail=$((nfail + 1)); echo "FAIL: $*"; }
indent() { sed 's/^/    /'; }
finish() {
  echo "$npass passed, $nfail failed"
  [ "$nfail" -eq 0 ]
  exit $?
}

pg_start || { fail "start throwaway PostgreSQL"; finish; }
work="$PG_THROWAWAY_DIR/golang"
mkdir -p "$work"
db=gm
pg_createdb "$db"

# apply FILE LOG: the file as one query string, as golang-migrate sends it.
apply() { pg_psql "$db" -c "$(cat "$mdir/$1")" >"$2" 2>&1; }

pg_dump_schema "$db" "$work/dump.0"
n=${#ups[@]}
for i in "${!ups[@]}"; do
  if apply "${ups[$i]}" "$work/up.$i.log"; then
    pg_dump_schema "$db" "$work/dump.$((i + 1))"
  else
    fail "up ${ups[$i]}"
    indent <"$work/up.$i.log"
    finish
  fi
done
pass "up: all $n migrations applied, each file as one query string"

for ((i = n - 1; i >= 0; i--)); do
  down=${ups[$i]%.up.sql}.down.sql
  if [ ! -f "$mdir/$down" ]; then
    fail "down: $down is missing"
    finish
  fi
  if ! apply "$down" "$work/down.$i.log"; then
    fail "down $down"
    indent <"$work/down.$i.log"
    finish
  fi
  pg_dump_schema "$db" "$work/after_down.$i"
  if diff -u --label "before ${ups[$i]}" --label "after $down" <(columns_unordered "$work/dump.$i") <(columns_unordered "$work/after_down.$i") >"$work/down.$i.diff"; then
    pass "down: $down restores the schema from before its up"
  else
    fail "down: $down does not restore the schema from before its up"
    indent <"$work/down.$i.diff"
  fi
done

for i in "${!ups[@]}"; do
  apply "${ups[$i]}" "$work/up2.$i.log" || { fail "up again ${ups[$i]}"; indent <"$work/up2.$i.log"; finish; }
done
pg_dump_schema "$db" "$work/dump.again"
if diff -u --label "first up" --label "up after down" "$work/dump.$n" "$work/dump.again" >"$work/again.diff"; then
  pass "round trip: up, down, up leaves the schema of the first up"
else
  fail "round trip: up, down, up differs from the first up"
  indent <"$work/again.diff"
fi
finish
