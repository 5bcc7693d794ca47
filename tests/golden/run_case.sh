#!/usr/bin/env bash
# Golden test runner: runs `tenantc generate` on one case folder and compares exit status, stderr, stdout and the files written with the case's expected results.
#
# Usage: run_case.sh TENANTC CASE_DIR [golang-migrate]
#
# CASE_DIR holds the input (tenantc.yaml, schemas/*.yaml, anything else the case needs) and the
# expectations, every one of whose names starts with `expected`:
#   expected/         good case: the exact tree of files `generate` writes (paths relative to the case)
#   expected_stdout   optional: the exact stdout of the first `generate`
#   expected_stderr   exact stderr (absent = must be empty)
#   expected_exit     exit status (absent = 0); a case with a non-zero one is an error case
#   KNOWN_BUG         optional: the expectations were written by hand because tenantc is wrong
#                     here; says what is wrong and how to reproduce it. Not copied; UPDATE_GOLDEN
#                     leaves such a case alone unless UPDATE_GOLDEN=force.
#
# The input is copied (without expected*) into a fresh temporary folder and
#   tenantc generate --timestamp 1767225600
# runs there, so the messages show paths relative to the case (`schemas/core.yaml:3:5`).
#
# Evolution case (the case has `before/` or a `migrations/` folder): the change from an existing
# history to the case's schemas.
#   before/           optional: files laid over the project first (usually before/schemas/*.yaml);
#                     `tenantc generate --timestamp 1767225600` turns them into the history, then
#                     the case's own schemas/ replace them
#   migrations/       optional: a hand-written starting history instead (or on top)
#   args              optional: extra arguments, e.g. --allow-destructive
#   golang-migrate/   optional: the expectations (expected/, expected_stdout, ...) of the same
#                     case in golang-migrate format; the third argument runs that variant, with
#                     `migrations: {format: golang-migrate}` added to the copied tenantc.yaml
# The run under test is then `tenantc migrate new edit --timestamp 1767229200 [args]`, so
# expected/ holds just the new migration files and the integrity file. The second run must say
# "nothing changed"; `generate` then `check` must pass; GOLDEN_ROUNDTRIP applies the whole
# history (sql-migrate or golang-migrate) up, down and up, one migration at a time.
# Error case: exit status and stderr must match, and no file may be created, changed or removed.
# Good case: exit 0, stderr as expected, the new files equal expected/ (diff -r, no extra
# files), the input untouched; a second `generate` exits 0, prints "nothing changed" and changes
# nothing (in particular writes no new migration); `tenantc check` exits 0.
#
# Environment:
#   UPDATE_GOLDEN=1      (re)write the case's expected* from what tenantc does, instead of comparing
#                        the first run; the other assertions still run. Review the result by hand.
#                        Cases with a KNOWN_BUG file are compared, not rewritten (UPDATE_GOLDEN=force
#                        rewrites them too: do that only once the bug is fixed, then delete KNOWN_BUG).
#   GOLDEN_ROUNDTRIP=1   good cases also run tests/integration/migrate_roundtrip.sh on the migrations
#                        (needs PostgreSQL and sql-migrate).
#   GOLDEN_KEEP_TMP=1    keep the temporary folder and print its path.
#
# Prints one PASS or FAIL line for the case (with diffs before a FAIL); exit 0 on pass, 1 on
# failure, 2 on usage errors.
set -euo pipefail

usage() {
  echo "usage: run_case.sh TENANTC CASE_DIR [golang-migrate]" >&2
  exit 2
}
[ $# -eq 2 ] || { [ $# -eq 3 ] && [ "$3" = golang-migrate ]; } || usage
[ -x "$1" ] || { echo "run_case.sh: not an executable: $1" >&2; exit 2; }
[ -d "$2" ] || { echo "run_case.sh: not a case folder: $2" >&2; exit 2; }
[ -f "$2/tenantc.yaml" ] || { echo "run_case.sh: $2 has no tenantc.yaml" >&2; exit 2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
tenantc="$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")"
case_dir=$(cd "$2" && pwd -P)
name=$(basename "$case_dir")
format=${3:-}
exp=$case_dir   # where this variant's expectations live
if [ -n "$format" ]; then exp="$case_dir/$format"; name="$name@$format"; mkdir -p "$exp"; fi
stamp=1767225600
update=${UPDATE_GOLDEN:-0}
if [ -f "$case_dir/KNOWN_BUG" ]; then
  if [ "$update" = force ]; then update=1; elif [ "$update" = 1 ]; then
    echo "NOT UPDATED: $name has hand-written expectations (KNOWN_BUG); comparing instead"
    update=0
  fi
fi
if [ "$update" = force ]; then update=1; fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tenantc-golden.XXXXXX")
cleanup() {
  if [ "${GOLDEN_KEEP_TMP:-0}" = 1 ]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
work="$tmp/work"   # the project tenantc runs in
meta="$tmp/meta"   # captured output, listings, the produced tree
mkdir -p "$work" "$meta"

# Copy the input: every top-level entry except the expectations.
while IFS= read -r -d '' entry; do
  cp -a "$entry" "$work/"
done < <(find "$case_dir" -mindepth 1 -maxdepth 1 ! -name 'expected*' ! -name KNOWN_BUG ! -name before ! -name args ! -name golang-migrate -print0)
if [ -n "$format" ]; then printf 'migrations:\n  format: %s\n' "$format" >>"$work/tenantc.yaml"; fi

# The command under test (an evolution case first builds its history from before/).
command=(generate --timestamp "$stamp")
if [ -d "$case_dir/before" ] || [ -d "$case_dir/migrations" ]; then
  command=(migrate new edit --timestamp 1767229200)
  if [ -f "$case_dir/args" ]; then read -r -a extra <"$case_dir/args"; command+=("${extra[@]}"); fi
fi
if [ -d "$case_dir/before" ]; then
  mv "$work/schemas" "$tmp/schemas.after"
  cp -a "$case_dir/before/." "$work/"
  if ! (cd "$work" && "$tenantc" --quiet generate --timestamp "$stamp") >"$meta/history.log" 2>&1; then
    echo "  the before/ state does not generate:"
    sed 's/^/    /' "$meta/history.log"
    echo "FAIL: $name"
    exit 1
  fi
  rm -rf "$work/schemas"
  mv "$tmp/schemas.after" "$work/schemas"
fi

# One line per entry under $work: type, path and, for files, a checksum. Sorted bytewise.
snapshot() {
  (cd "$work" && {
    find . -mindepth 1 ! -type f -printf '%y %p\n'
    find . -type f -exec sha256sum {} + | awk '{ sub(/^[^ ]+  /, "f " $1 " "); print }'
  } | LC_ALL=C sort) >"$1"
}

failures=()
fail() { failures+=("$*"); }
indent() { sed 's/^/    /'; }

# tenantc ARGS...: run in $work, output to $meta/$label.{out,err}, status in $meta/$label.rc
run() {
  local label=$1; shift
  local rc=0
  (cd "$work" && "$tenantc" "$@") >"$meta/$label.out" 2>"$meta/$label.err" </dev/null || rc=$?
  echo "$rc" >"$meta/$label.rc"
}

snapshot "$meta/before"
run gen1 "${command[@]}"
snapshot "$meta/after1"
rc1=$(cat "$meta/gen1.rc")

# The entries the first run created or changed (comm -13: lines only in after1).
LC_ALL=C comm -13 "$meta/before" "$meta/after1" >"$meta/new_entries"
# Input entries that changed or vanished (the integrity file is rewritten whenever a migration
# is added: it is among the produced files instead).
LC_ALL=C comm -23 "$meta/before" "$meta/after1" | grep -v '/tenantc\.sum$' >"$meta/lost_entries" || true

# Rebuild the produced files as a tree of their own, for diff -r against expected/.
mkdir -p "$meta/produced"
while IFS= read -r line; do
  case "$line" in
    "f "*) path=${line#f * } ;;   # "f <sha> ./path"
    *) continue ;;
  esac
  path=${path#./}
  mkdir -p "$meta/produced/$(dirname "$path")"
  cp -a "$work/$path" "$meta/produced/$path"
done <"$meta/new_entries"
# Empty folders the run created count as output too.
while IFS= read -r line; do
  case "$line" in
    "d "*) path=${line#d }; path=${path#./}
           [ -n "$(ls -A "$work/$path")" ] || mkdir -p "$meta/produced/$path" ;;
  esac
done <"$meta/new_entries"

expected_exit=0
if [ -f "$exp/expected_exit" ]; then expected_exit=$(tr -d '[:space:]' <"$exp/expected_exit"); fi

# ---- update mode: write the expectations from this run ----------------------------------------
if [ "$update" = 1 ]; then
  if [ "$rc1" = 0 ]; then
    rm -rf "$exp/expected" "$exp/expected_exit"
    cp -a "$meta/produced" "$exp/expected"
    cp "$meta/gen1.out" "$exp/expected_stdout"
    if [ -s "$meta/gen1.err" ]; then cp "$meta/gen1.err" "$exp/expected_stderr"; else rm -f "$exp/expected_stderr"; fi
  else
    rm -rf "$exp/expected"
    echo "$rc1" >"$exp/expected_exit"
    cp "$meta/gen1.err" "$exp/expected_stderr"
    if [ -s "$meta/gen1.out" ]; then cp "$meta/gen1.out" "$exp/expected_stdout"; else rm -f "$exp/expected_stdout"; fi
  fi
  expected_exit=$rc1
  echo "UPDATED: $name (exit $rc1)"
fi

# ---- first run: status, stderr, stdout ---------------------------------------------------------
if [ "$rc1" != "$expected_exit" ]; then
  fail "generate exited $rc1, expected $expected_exit"
fi
if [ -f "$exp/expected_stderr" ]; then
  if ! diff -u --label expected_stderr --label actual_stderr "$exp/expected_stderr" "$meta/gen1.err" >"$meta/stderr.diff"; then
    fail "stderr differs:"$'\n'"$(indent <"$meta/stderr.diff")"
  fi
elif [ -s "$meta/gen1.err" ]; then
  fail "stderr should be empty but is:"$'\n'"$(indent <"$meta/gen1.err")"
fi
if [ -f "$exp/expected_stdout" ]; then
  if ! diff -u --label expected_stdout --label actual_stdout "$exp/expected_stdout" "$meta/gen1.out" >"$meta/stdout.diff"; then
    fail "stdout differs:"$'\n'"$(indent <"$meta/stdout.diff")"
  fi
elif [ "$expected_exit" != 0 ] && [ -s "$meta/gen1.out" ]; then
  fail "stdout should be empty on error but is:"$'\n'"$(indent <"$meta/gen1.out")"
fi

if [ "$expected_exit" != 0 ]; then
  # ---- error case: nothing on disk may change ------------------------------------------------
  if ! diff -u --label "before generate" --label "after generate" "$meta/before" "$meta/after1" >"$meta/tree.diff"; then
    fail "files were created, changed or removed although generate failed:"$'\n'"$(indent <"$meta/tree.diff")"
  fi
  [ ! -d "$exp/expected" ] || fail "an error case must not have expected/ (expected_exit is $expected_exit)"
else
  # ---- good case: the produced tree, then idempotence and check --------------------------------
  if [ -s "$meta/lost_entries" ]; then
    fail "generate changed or removed input files:"$'\n'"$(indent <"$meta/lost_entries")"
  fi
  if [ ! -d "$exp/expected" ]; then
    fail "a good case needs expected/ (run with UPDATE_GOLDEN=1, then review it)"
  elif ! diff -r -u "$exp/expected" "$meta/produced" >"$meta/files.diff"; then
    fail "written files differ from expected/ (\"Only in $meta/produced\" = an extra file):"$'\n'"$(sed "s#$exp/##" "$meta/files.diff" | indent)"
  fi

  if [ "$rc1" = 0 ]; then
    run gen2 "${command[@]}"
    snapshot "$meta/after2"
    rc2=$(cat "$meta/gen2.rc")
    if [ "$rc2" != 0 ]; then
      fail "second generate exited $rc2:"$'\n'"$(indent <"$meta/gen2.err")"
    fi
    if ! grep -q "nothing changed" "$meta/gen2.out"; then
      fail "second generate did not say \"nothing changed\"; stdout was:"$'\n'"$(indent <"$meta/gen2.out")"
    fi
    if ! diff -u --label "after first generate" --label "after second generate" "$meta/after1" "$meta/after2" >"$meta/tree2.diff"; then
      if LC_ALL=C comm -13 "$meta/after1" "$meta/after2" | grep -q '\.sql$'; then
        fail "second generate wrote a migration although nothing changed:"$'\n'"$(indent <"$meta/tree2.diff")"
      else
        fail "second generate changed files although nothing changed:"$'\n'"$(indent <"$meta/tree2.diff")"
      fi
    fi

    # An evolution case's command writes only the migration; bring the rest up to date first.
    [ "${command[0]}" = generate ] || run refresh --quiet generate --timestamp "$stamp"
    snapshot "$meta/before_check"
    run check check --timestamp "$stamp"
    if [ "$(cat "$meta/check.rc")" != 0 ]; then
      fail "tenantc check exited $(cat "$meta/check.rc"):"$'\n'"$(cat "$meta/check.out" "$meta/check.err" | indent)"
    fi
    snapshot "$meta/after_check"
    if ! diff -q "$meta/before_check" "$meta/after_check" >/dev/null; then
      fail "tenantc check changed files:"$'\n'"$(diff -u "$meta/before_check" "$meta/after_check" | indent || true)"
    fi

    if [ "${GOLDEN_ROUNDTRIP:-0}" = 1 ]; then
      sum=$(find "$meta/produced" -type f -name tenantc.sum -printf '%h\n' | head -n1)
      if [ -z "$sum" ]; then
        fail "GOLDEN_ROUNDTRIP: no migration written"
      else
        mig="$work/${sum#"$meta/produced/"}"
        roundtrip="$here/../integration/migrate_roundtrip.sh"
        if compgen -G "$mig/*.up.sql" >/dev/null; then roundtrip="$here/../integration/golang_roundtrip.sh"; fi
        if ! bash "$roundtrip" "$mig" >"$meta/roundtrip.log" 2>&1; then
          fail "PostgreSQL round trip failed:"$'\n'"$(indent <"$meta/roundtrip.log")"
        fi
      fi
    fi
  fi
fi

if [ ${#failures[@]} -eq 0 ]; then
  echo "PASS: $name"
  exit 0
fi
for f in "${failures[@]}"; do echo "  $f"; done
if [ -f "$case_dir/KNOWN_BUG" ]; then
  echo "  known compiler bug (expectations written by hand), see $case_dir/KNOWN_BUG:"
  indent <"$case_dir/KNOWN_BUG"
fi
echo "FAIL: $name"
exit 1
