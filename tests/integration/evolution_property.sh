#!/usr/bin/env bash
# Property test of schema evolution through the CLI on a throwaway PostgreSQL 15: seeded random sequences of YAML edits (tenantc_evolution_sequences), each generated with `tenantc generate` and applied with the real sql-migrate, must keep rows, round-trip Up/Down/Up and end equal to a fresh build.
#
# Usage: evolution_property.sh TENANTC GENERATOR [SEQUENCES] [EDITS]
#   SEQUENCES  default $EVOLUTION_SEQUENCES or 24; EDITS default $EVOLUTION_EDITS or 8
#   EVOLUTION_SEED=N   the seed (default 1); EVOLUTION_ONLY=K runs sequence K alone
#   EVOLUTION_JOBS=N   sequences run at once (default: the number of cores, at most 4)
#   PG_KEEP_TMP=1      keeps the server's temp dir with every sequence's files
#
# Per sequence (a project dir and a database of its own):
#   start state: `generate`, `check` exits 0, a second `generate` writes nothing, each migration
#   goes up, down (catalog as before it), up (catalog as after the first up), then two rows per
#   table (seed.sql);
#   each edit: the new YAML; a destructive edit without --allow-destructive exits 1 and writes
#   nothing; `generate` (with the flag when destructive) exits 0, only adds files, after the
#   existing ones, and none for an edit that changes nothing (a module move); `check` exits 0;
#   a second `generate` writes nothing; the operator's fix-ups (prepare.sql); every new
#   migration goes up, down, up as above; every row of every surviving table is still there
#   with the values of its unchanged columns, renames followed (keep_before.sql vs
#   keep_after.sql); then rows for the new state;
#   the end: the catalog equals that of a fresh database built from the final YAML alone.
# A failure prints the step, the edit, the YAML before and after, the output and the command
# that reruns that sequence alone. Prints "N passed, M failed" last; exit 0 when all passed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=pg_throwaway.sh
source "$here/pg_throwaway.sh"

[ $# -ge 2 ] || { sed -n '4,10p' "${BASH_SOURCE[0]}" | sed 's/^# //' >&2; exit 2; }
tenantc=$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")
generator=$(cd "$(dirname "$2")" && pwd -P)/$(basename "$2")
sequences=${3:-${EVOLUTION_SEQUENCES:-24}}
edits=${4:-${EVOLUTION_EDITS:-8}}
seed=${EVOLUTION_SEED:-1}
only=${EVOLUTION_ONLY:-0}
jobs=${EVOLUTION_JOBS:-$(nproc)}
[ "$jobs" -le 4 ] || jobs=4

pg_start || { echo "FAIL: start throwaway PostgreSQL"; echo "0 passed, 1 failed"; exit 1; }
work="$PG_THROWAWAY_DIR/evolution"
mkdir -p "$work/sequences"
"$generator" "$work/sequences" "$seed" "$sequences" "$edits" "$only"

indent() { sed 's/^/    /'; }
signature() { pg_psql "$1" -Atf "$here/catalog_signature.sql" >"$2"; }
# Every file of the project with its size and modification time: "writes nothing" means
# this does not change.
listing() { (cd "$1" && find . -type f -printf '%P %s %T@\n' | LC_ALL=C sort); }
migrations() { [ ! -d "$1/migrations" ] || (cd "$1/migrations" && LC_ALL=C ls -1 -- *.sql 2>/dev/null) || true; }

# run_sequence DIR: prints PASS or FAIL (with details) for one sequence; returns 1 on failure.
run_sequence() {
  local dir=$1 name k
  name=$(basename "$dir")
  k=$((10#${name#seq-}))
  local project="$dir/project" db="e_$k" fresh="f_$k" log="$dir/log"
  local rerun="EVOLUTION_SEED=$seed EVOLUTION_ONLY=$k bash $here/evolution_property.sh $tenantc $generator $k $edits"
  local step=0 steps edit="start"
  steps=$(find "$dir" -maxdepth 1 -name 'step-*' | wc -l)

  # fail MESSAGE [FILE...]: the message, the files indented, then what reproduces the failure.
  fail() {
    local msg=$1 f; shift
    echo "FAIL: $name step $step ($edit): $msg"
    for f in "$@"; do indent <"$f"; done
    [ "$step" -gt 0 ] && { echo "  YAML before -> after:"; diff -ru "$(step_dir $((step - 1)))/schemas" "$(step_dir "$step")/schemas" | indent; }
    [ "$step" -eq 0 ] && { echo "  YAML:"; cat "$(step_dir 0)"/schemas/*.yaml | indent; }
    echo "  sequence: $(head -1 "$dir/about.txt")"; sed -n '2,$p' "$dir/about.txt" | indent
    echo "  rerun: $rerun"
    return 1
  }
  step_dir() { printf '%s/step-%02d' "$dir" "$1"; }
  # generate_ok ARGS...: `tenantc generate` must succeed.
  generate_ok() {
    if ! (cd "$project" && "$tenantc" --quiet generate "$@") >"$log" 2>&1; then
      fail "tenantc generate $* failed" "$log"; return 1
    fi
  }
  # roundtrip FILE: the next pending migration goes up, down, up; each catalog as it must be.
  roundtrip() {
    local m=$1
    signature "$db" "$dir/sig.before"
    sqlmigrate "$db" "$project/migrations" up -limit=1 >"$log" 2>&1 || { fail "up of $m" "$log" "$project/migrations/$m"; return 1; }
    signature "$db" "$dir/sig.up"
    sqlmigrate "$db" "$project/migrations" down -limit=1 >"$log" 2>&1 || { fail "down of $m" "$log" "$project/migrations/$m"; return 1; }
    signature "$db" "$dir/sig.down"
    if ! diff -u --label "before up" --label "after down" "$dir/sig.before" "$dir/sig.down" >"$log"; then
      fail "down of $m does not restore the catalog before its up" "$log" "$project/migrations/$m"; return 1
    fi
    sqlmigrate "$db" "$project/migrations" up -limit=1 >"$log" 2>&1 || { fail "up again of $m" "$log" "$project/migrations/$m"; return 1; }
    signature "$db" "$dir/sig.again"
    if ! diff -u --label "up" --label "up, down, up" "$dir/sig.up" "$dir/sig.again" >"$log"; then
      fail "up, down, up of $m differs from up" "$log" "$project/migrations/$m"; return 1
    fi
  }
  sql_ok() {  # sql_ok FILE WHAT
    pg_psql "$db" -f "$1" >"$log" 2>&1 || { fail "$2" "$log" "$1"; return 1; }
  }

  mkdir -p "$project/schemas"
  cp "$dir/tenantc.yaml" "$project/"
  pg_createdb "$db" >/dev/null
  local sd old new before after t m
  local -a files
  for ((step = 0; step < steps; step++)); do
    sd=$(step_dir "$step")
    edit=$(cat "$sd/edit.txt")
    rm -f "$project"/schemas/*.yaml
    cp "$sd"/schemas/*.yaml "$project/schemas/"
    t=$((1700000000 + step * 100))
    old=$(migrations "$project")
    before=$(listing "$project")
    : >"$dir/old.sha256"
    if [ -d "$project/migrations" ]; then (cd "$project" && sha256sum migrations/*.sql) >"$dir/old.sha256"; fi
    if [ -f "$sd/destructive" ]; then
      local rc=0
      (cd "$project" && "$tenantc" --quiet generate --timestamp "$t") >"$log" 2>&1 || rc=$?
      [ "$rc" -eq 1 ] || { fail "destructive edit without --allow-destructive: exit $rc, not 1" "$log"; return 1; }
      grep -q "would lose data" "$log" || { fail "refusal does not say what data would be lost" "$log"; return 1; }
      [ "$before" = "$(listing "$project")" ] || { fail "a refused destructive edit wrote files"; return 1; }
      generate_ok --timestamp "$t" --allow-destructive || return 1
    else
      generate_ok --timestamp "$t" || return 1
    fi
    [ ! -s "$dir/old.sha256" ] || (cd "$project" && sha256sum --quiet -c "$dir/old.sha256") >"$log" 2>&1 || { fail "an existing migration changed" "$log"; return 1; }
    new=$(comm -13 <(echo "$old") <(migrations "$project") | sed '/^$/d')
    [ -z "$(comm -23 <(echo "$old") <(migrations "$project") | sed '/^$/d')" ] || { fail "a migration file disappeared"; return 1; }
    if [ -n "$old" ] && [ -n "$new" ] && [[ "$(echo "$new" | head -1)" < "$(echo "$old" | tail -1)" ]]; then
      fail "new migration $(echo "$new" | head -1) sorts before the existing $(echo "$old" | tail -1)"; return 1
    fi
    if [ -f "$sd/no_change" ] && [ -n "$new" ]; then
      fail "an edit that changes nothing in the database wrote migrations: $new" "$project/migrations/$(echo "$new" | head -1)"; return 1
    fi
    (cd "$project" && "$tenantc" --quiet check) >"$log" 2>&1 || { fail "tenantc check after generate" "$log"; return 1; }
    after=$(listing "$project")
    (cd "$project" && "$tenantc" --quiet generate --timestamp $((t + 50)) --allow-destructive) >"$log" 2>&1 || { fail "second generate failed" "$log"; return 1; }
    if [ "$after" != "$(listing "$project")" ]; then
      diff <(echo "$after") <(listing "$project") >"$log" || true
      fail "a second generate wrote files" "$log"; return 1
    fi
    [ -f "$sd/prepare.sql" ] && { sql_ok "$sd/prepare.sql" "the data fix-up before the migration" || return 1; }
    [ "$step" -gt 0 ] && { pg_psql "$db" -At -F '|' -f "$sd/keep_before.sql" >"$dir/keep.before" 2>"$log" || { fail "reading the rows before" "$log"; return 1; }; }
    for m in $new; do
      roundtrip "$m" || return 1
    done
    if [ "$step" -gt 0 ]; then
      pg_psql "$db" -At -F '|' -f "$sd/keep_after.sql" >"$dir/keep.after" 2>"$log" || { fail "reading the rows after" "$log"; return 1; }
      if ! diff -u --label "rows before" --label "rows after" "$dir/keep.before" "$dir/keep.after" >"$log"; then
        files=()
        for m in $new; do files+=("$project/migrations/$m"); done
        fail "rows or values did not survive the edit" "$log" "${files[@]}"; return 1
      fi
    fi
    sql_ok "$sd/seed.sql" "rows for this state do not insert" || return 1
    echo "$step: $(echo "$new" | wc -w) migration(s)" >>"$dir/counts"
  done
  step=$((steps - 1))

  # The whole history equals a fresh build of the final YAML alone.
  signature "$db" "$dir/sig.history"
  mkdir -p "$dir/fresh/schemas"
  cp "$dir/tenantc.yaml" "$dir/fresh/"
  cp "$(step_dir "$step")"/schemas/*.yaml "$dir/fresh/schemas/"
  (cd "$dir/fresh" && "$tenantc" --quiet generate --timestamp 1800000000) >"$log" 2>&1 || { fail "fresh generate of the final YAML" "$log"; return 1; }
  pg_createdb "$fresh" >/dev/null
  sqlmigrate "$fresh" "$dir/fresh/migrations" up >"$log" 2>&1 || { fail "fresh migration of the final YAML does not apply" "$log"; return 1; }
  signature "$fresh" "$dir/sig.fresh"
  if ! diff -u --label "fresh build" --label "whole history" "$dir/sig.fresh" "$dir/sig.history" >"$log"; then
    fail "the history's catalog differs from a fresh build of the final YAML" "$log"; return 1
  fi
  echo "PASS: $name ($(sed -n '2,$p' "$dir/about.txt" | wc -l) edits, $(awk '{n += $2} END {print n}' "$dir/counts") migrations)"
}

# Sequences run $jobs at a time, each into its own output file; results are printed in
# order, each as soon as it and those before it have ended.
npass=0
nfail=0
shopt -s nullglob
dirs=("$work"/sequences/seq-*[0-9])
shopt -u nullglob
[ "${#dirs[@]}" -gt 0 ] || { echo "FAIL: the generator wrote no sequence"; exit 1; }
printed=0
print_ended() {
  local dir rc
  while [ "$printed" -lt "${#dirs[@]}" ] && [ -f "${dirs[printed]}.rc" ]; do
    dir=${dirs[printed]}
    cat "$dir.out"
    rc=$(cat "$dir.rc")
    if [ "$rc" = 0 ]; then
      npass=$((npass + 1))
    else
      nfail=$((nfail + 1))
      grep -q "^FAIL: " "$dir.out" || echo "FAIL: $(basename "$dir"): stopped by an unexpected error (exit $rc)"
    fi
    printed=$((printed + 1))
  done
}
for dir in "${dirs[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; print_ended; done
  # errexit stays on inside run_sequence (an unchecked failure ends the sequence) but not
  # around it, so that its status is recorded (in .rc last, which marks the end).
  ( set +e; ( set -e; run_sequence "$dir" ) >"$dir.out" 2>&1; echo $? >"$dir.rc.tmp"; mv "$dir.rc.tmp" "$dir.rc" ) &
done
wait
print_ended
echo "$npass passed, $nfail failed (seed $seed, $edits edits per sequence)"
[ "$nfail" -eq 0 ]
