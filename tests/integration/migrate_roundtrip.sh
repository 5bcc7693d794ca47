#!/usr/bin/env bash
# Integration test: apply a sql-migrate migrations dir to a throwaway PostgreSQL, check up/down/up round-trips exactly, and run expect-ok/expect-fail SQL probes.
#
# Usage: migrate_roundtrip.sh MIGRATIONS_DIR [--expect-fail SQLFILE]... [--expect-ok SQLFILE]... [--no-stepwise]
#
# Checks, in order (each prints a PASS/FAIL line; the last line is "N passed, M failed"):
#   1. `up` applies every migration.
#   2. `down -limit=0` undoes every migration and leaves no user objects behind (catalog query, and a
#      schema dump identical to that of a never-migrated database).
#   3. `up` again yields a schema dump identical to the first `up` (unified diff on mismatch).
#   4. Stepwise (skipped with --no-stepwise or if there is only one migration): in a separate database,
#      each migration's Down alone restores exactly the schema that existed before its Up (column
#      order aside: a column a Down re-adds comes last). Check 2 can't
#      see this: a Down that forgets to re-add a column dropped by its Up goes unnoticed if an older
#      Down drops the whole table anyway.
#   5. Every --expect-ok file runs without error and every --expect-fail file fails with an SQL error,
#      each in its own freshly created, fully migrated database so probes can't affect each other.
#      An --expect-fail file may contain lines `-- expect-error: <text>`; each <text> must then occur
#      in psql's stderr. psql stops at the first error, so that first error is the one that counts.
#
# Exit status: 0 if everything passed, 1 if any check failed, 2 on usage errors.
# PG_KEEP_TMP=1 keeps the server's temp dir (dumps, logs) for debugging.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=pg_throwaway.sh
source "$here/pg_throwaway.sh"

usage() {
  sed -n '4p' "${BASH_SOURCE[0]}" | sed 's/^# //' >&2
  exit 2
}

# ---- arguments --------------------------------------------------------------------------------
mdir=""
stepwise=1
probes=()   # entries "ok:/abs/file" or "fail:/abs/file", in command-line order
while [ $# -gt 0 ]; do
  case "$1" in
    --expect-ok|--expect-fail)
      [ $# -ge 2 ] || usage
      kind=${1#--expect-}; file=$2; shift 2 ;;
    --expect-ok=*|--expect-fail=*)
      kind=${1%%=*}; kind=${kind#--expect-}; file=${1#*=}; shift ;;
    --no-stepwise) stepwise=0; shift; continue ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *)
      [ -z "$mdir" ] || { echo "only one MIGRATIONS_DIR allowed" >&2; usage; }
      mdir=$1; shift; continue ;;
  esac
  [ -f "$file" ] || { echo "no such SQL file: $file" >&2; exit 2; }
  # Absolute, because the probes run long after argument parsing and must not depend on cwd.
  probes+=("$kind:$(cd "$(dirname "$file")" && pwd -P)/$(basename "$file")")
done
[ -n "$mdir" ] || usage
[ -d "$mdir" ] || { echo "no such migrations dir: $mdir" >&2; exit 2; }
mdir=$(cd "$mdir" && pwd -P)

# sql-migrate only reads *.sql directly inside the dir (no recursion), so count the same way.
shopt -s nullglob
mfiles=("$mdir"/*.sql)
shopt -u nullglob
nmig=${#mfiles[@]}
if [ "$nmig" -eq 0 ]; then
  # An empty dir would make every round-trip check pass vacuously; that is almost certainly a bug upstream.
  echo "no *.sql migrations in $mdir" >&2
  exit 2
fi

# ---- reporting --------------------------------------------------------------------------------
npass=0
nfail=0
pass() { npass=$((npass + 1)); echo "PASS: $*"; }
fail() { nfail=$((nfail + 1)); echo "FAIL: $*"; }
indent() { sed 's/^/    /'; }
summarized=0
summary_and_exit() {
  summarized=1
  echo "$npass passed, $nfail failed"
  if [ "$nfail" -eq 0 ]; then exit 0; else exit 1; fi
}
# If set -e aborts us midway (pg_dump/psql infrastructure failure), still honour the promised last line.
# pg_start chains its own cleanup after this trap.
# shellcheck disable=SC2317  # invoked via trap
on_exit() {
  local rc=$?
  if [ "$summarized" = 0 ]; then
    fail "harness aborted unexpectedly (exit status $rc)"
    echo "$npass passed, $nfail failed"
  fi
}
trap on_exit EXIT

# ---- server -----------------------------------------------------------------------------------
if ! pg_start; then
  fail "start throwaway PostgreSQL server"
  summary_and_exit
fi
work="$PG_THROWAWAY_DIR/roundtrip"   # removed together with the server on exit
mkdir -p "$work"

# Applied-migration count, straight from sql-migrate's bookkeeping table ("?" if it can't be read,
# e.g. sql-migrate never got far enough to create the table). Compare with = so "?" is just unequal.
applied_count() {
  pg_psql "$1" -Atc 'SELECT count(*) FROM gorp_migrations' 2>/dev/null || echo "?"
}

# Everything a migration could leave behind in the database. Objects of gorp_migrations itself
# (table, pkey index, row type and its array type) are sql-migrate's and therefore excluded.
leftover_sql="
SELECT kind || ' ' || name FROM (
  SELECT 'relation(' || c.relkind::text || ')' AS kind, c.relname::text AS name
    FROM pg_class c
   WHERE c.relnamespace = 'public'::regnamespace
     AND c.relname <> 'gorp_migrations'
     AND NOT EXISTS (SELECT 1 FROM pg_index i
                      WHERE i.indexrelid = c.oid AND i.indrelid = to_regclass('public.gorp_migrations'))
  UNION ALL
  SELECT 'type', t.typname::text
    FROM pg_type t
   WHERE t.typnamespace = 'public'::regnamespace
     AND t.typname NOT IN ('gorp_migrations', '_gorp_migrations')
  UNION ALL
  SELECT 'function', p.oid::regprocedure::text
    FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
  UNION ALL
  SELECT 'schema', n.nspname::text
    FROM pg_namespace n
   WHERE n.nspname NOT IN ('public', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
  UNION ALL
  SELECT 'extension', e.extname::text FROM pg_extension e WHERE e.extname <> 'plpgsql'
) x ORDER BY 1"

# run_logged LOG CMD...: run CMD with all output in LOG; returns CMD's status without tripping set -e.
run_logged() {
  local log=$1; shift
  local rc=0
  "$@" >"$log" 2>&1 || rc=$?
  return "$rc"
}

# ---- 1. up ------------------------------------------------------------------------------------
db=rt
pg_createdb "$db"
if run_logged "$work/up1.log" sqlmigrate "$db" "$mdir" up \
   && [ "$(applied_count "$db")" = "$nmig" ]; then
  pass "up: all $nmig migrations applied"
else
  fail "up: applying $nmig migrations from $mdir"
  indent <"$work/up1.log"
  echo "    applied according to gorp_migrations: $(applied_count "$db")"
  # Nothing below is meaningful without a schema; count the probes as failed rather than silently dropping them.
  for p in ${probes[@]+"${probes[@]}"}; do fail "expect-${p%%:*} ${p#*:} (not run: migrations do not apply)"; done
  summary_and_exit
fi
pg_dump_schema "$db" "$work/A.sql"

# ---- 2. down all ------------------------------------------------------------------------------
# This sql-migrate defaults `down` to -limit=1; -limit=0 means "all applied migrations", newest first.
# Reference for "empty": the initdb-created `postgres` database, which nothing in this run touches
# (saves a CREATE DATABASE, the slowest step here).
pg_dump_schema postgres "$work/empty.sql"
down_ok=1
if run_logged "$work/down.log" sqlmigrate "$db" "$mdir" down -limit=0 \
   && [ "$(applied_count "$db")" = 0 ]; then
  pass "down: all $nmig migrations undone"
else
  down_ok=0
  fail "down -limit=0"
  indent <"$work/down.log"
  echo "    still applied according to gorp_migrations: $(applied_count "$db")"
fi

if [ "$down_ok" = 1 ]; then
  leftovers=$(pg_psql "$db" -Atc "$leftover_sql" 2>&1) || leftovers="(catalog query failed) $leftovers"
  pg_dump_schema "$db" "$work/after_down.sql"
  if [ -z "$leftovers" ] && diff -q "$work/empty.sql" "$work/after_down.sql" >/dev/null; then
    pass "down: no user objects left (schema equals a never-migrated database)"
  else
    fail "down: objects left behind after undoing all migrations"
    [ -z "$leftovers" ] || { echo "    leftover objects in catalog:"; indent <<<"$leftovers" | indent; }
    diff -u --label never-migrated --label after-down "$work/empty.sql" "$work/after_down.sql" | indent || true
  fi
else
  fail "down: leftover check (not run: down failed)"
fi

# ---- 3. up again, compare ---------------------------------------------------------------------
if [ "$down_ok" = 1 ] \
   && run_logged "$work/up2.log" sqlmigrate "$db" "$mdir" up \
   && [ "$(applied_count "$db")" = "$nmig" ]; then
  pg_dump_schema "$db" "$work/B.sql"
  if diff -u --label "A (first up)" --label "B (up after down)" "$work/A.sql" "$work/B.sql" >"$work/AB.diff"; then
    pass "round trip: schema after up/down/up identical to first up"
  else
    fail "round trip: schema after up/down/up differs from first up"
    indent <"$work/AB.diff"
  fi
elif [ "$down_ok" = 1 ]; then
  fail "round trip: re-applying migrations after down"
  indent <"$work/up2.log"
else
  fail "round trip (not run: down failed)"
fi

# ---- 4. stepwise: each Down restores the schema before its Up ---------------------------------
if [ "$stepwise" = 1 ] && [ "$nmig" -gt 1 ]; then
  sdb=stepwise
  pg_createdb "$sdb"
  cp "$work/empty.sql" "$work/step0.sql"
  ids=()
  step_ok=1
  for ((k = 1; k <= nmig; k++)); do
    if ! run_logged "$work/stepup$k.log" sqlmigrate "$sdb" "$mdir" up -limit=1; then
      fail "stepwise: up -limit=1 (step $k)"; indent <"$work/stepup$k.log"; step_ok=0; break
    fi
    # sql-migrate's own order (numeric prefix, else plain string order) - read it back instead of re-implementing it.
    ids[k]=$(pg_psql "$sdb" -Atc "SELECT id FROM gorp_migrations ORDER BY applied_at DESC, id DESC LIMIT 1")
    pg_dump_schema "$sdb" "$work/step$k.sql"
  done
  if [ "$step_ok" = 1 ]; then
    for ((k = nmig; k >= 1; k--)); do
      if ! run_logged "$work/stepdown$k.log" sqlmigrate "$sdb" "$mdir" down -limit=1; then
        fail "stepwise: down of ${ids[k]}"; indent <"$work/stepdown$k.log"; break
      fi
      pg_dump_schema "$sdb" "$work/stepdown$k.sql"
      if diff -u --label "before up of ${ids[k]}" --label "after down of ${ids[k]}" \
           <(columns_unordered "$work/step$((k - 1)).sql") <(columns_unordered "$work/stepdown$k.sql") >"$work/step$k.diff"; then
        pass "stepwise: down of ${ids[k]} restores the previous schema"
      else
        fail "stepwise: down of ${ids[k]} does not restore the previous schema"
        indent <"$work/step$k.diff"
      fi
    done
  fi
fi

# ---- 5. probes --------------------------------------------------------------------------------
n=0
for p in ${probes[@]+"${probes[@]}"}; do
  n=$((n + 1))
  kind=${p%%:*}
  file=${p#*:}
  pdb="probe$n"
  label="expect-$kind $file"
  pg_createdb "$pdb"
  if ! run_logged "$work/probe$n.migrate.log" sqlmigrate "$pdb" "$mdir" up; then
    fail "$label (not run: migrations do not apply)"; indent <"$work/probe$n.migrate.log"; continue
  fi
  rc=0
  pg_psql "$pdb" -f "$file" >"$work/probe$n.out" 2>"$work/probe$n.err" || rc=$?
  if [ "$kind" = ok ]; then
    if [ "$rc" -eq 0 ]; then
      pass "$label"
    else
      fail "$label (psql exit $rc)"; indent <"$work/probe$n.err"
    fi
    continue
  fi
  # psql exits 3 for an SQL error under ON_ERROR_STOP; 1 (e.g. unreadable file) or 2 (connection lost)
  # are harness problems, which must not count as "failed as expected".
  if [ "$rc" -eq 0 ]; then
    fail "$label (succeeded, expected an error)"
    continue
  elif [ "$rc" -ne 3 ]; then
    fail "$label (psql exit $rc, not an SQL error)"; indent <"$work/probe$n.err"
    continue
  fi
  missing=()
  while IFS= read -r want; do
    [ -n "$want" ] || continue
    grep -qF -- "$want" "$work/probe$n.err" || missing+=("$want")
  done < <(sed -n 's/^[[:space:]]*--[[:space:]]*expect-error:[[:space:]]*//p' "$file" | sed 's/[[:space:]]*$//')
  if [ ${#missing[@]} -eq 0 ]; then
    pass "$label"
  else
    fail "$label (failed, but stderr lacks expected text)"
    for m in "${missing[@]}"; do echo "    expected: $m"; done
    echo "    stderr:"; indent <"$work/probe$n.err" | indent
  fi
done

summary_and_exit
