# Sourceable bash library: throwaway PostgreSQL server on a private unix socket, plus dump/sql-migrate helpers for integration tests.
# shellcheck shell=bash
#
# Usage (from a bash script running with `set -euo pipefail`):
#   source tests/integration/pg_throwaway.sh
#   pg_start                                  # exports PGHOST PGPORT PGUSER, stops+removes on EXIT
#   pg_createdb mydb
#   sqlmigrate mydb /abs/or/rel/migrations up
#   pg_psql mydb -c 'select 1'
#   pg_dump_schema mydb /tmp/schema.sql
#
# Environment knobs:
#   PG_BINDIR        directory holding initdb/pg_ctl/psql/pg_dump (default: newest /usr/lib/postgresql/*/bin)
#   SQL_MIGRATE      sql-migrate binary (default: sql-migrate from PATH)
#   PG_KEEP_TMP=1    keep the temp dir (data dir, server.log) after exit, for post-mortem debugging
#
# sql-migrate facts this library relies on (observed with Debian's 0.0~git20191213 build):
#   * `down` defaults to -limit=1; -limit=0 means "all applied migrations", newest first.
#   * `up` defaults to -limit=0 (all pending).
#   * A failing migration makes sql-migrate exit 1; each migration runs in its own transaction, so
#     earlier migrations stay applied and the failing one is rolled back.
#   * Only *.sql directly in `dir:` are read. Order: names starting with digits sort numerically, all
#     others by plain string order (so changes-999.sql sorts AFTER changes-1000.sql).
#   * A file with no `-- +migrate Down` section is accepted; its `down` runs nothing but still deletes
#     the bookkeeping row. A file with neither Up nor Down annotation is a parse error.
#   * Statements are split at lines ending in `;`; plpgsql bodies need `-- +migrate StatementBegin/End`.

# Deliberately no `set -euo pipefail` here: a sourced library must not change the caller's shell options.

_pgt_dir=""        # temp dir: socket, data/, server.log, scratch files
_pgt_owner_pid=""  # $BASHPID of the shell that ran pg_start; only that shell may tear down

_pgt_die() {
  echo "pg_throwaway: $*" >&2
  return 1
}

# Locate server binaries once. The /usr/bin wrappers on Debian (pg_wrapper) pick a version by cluster
# configuration, so we call the versioned binaries directly to keep client and server versions equal.
_pgt_find_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then
    [ -x "$PG_BINDIR/initdb" ] || _pgt_die "PG_BINDIR=$PG_BINDIR has no initdb" || return 1
    return 0
  fi
  local d best=""
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && best="$d"   # glob order is lexical; good enough to pick the newest major
  done
  if [ -z "$best" ]; then
    local initdb
    initdb=$(command -v initdb 2>/dev/null) || _pgt_die "cannot find initdb (set PG_BINDIR)" || return 1
    best=$(dirname "$initdb")
  fi
  PG_BINDIR="$best"
}

# Run a command as the account that owns the cluster. initdb/postgres refuse to run as root, so root
# switches to `postgres`; any other user simply owns the cluster itself.
_pgt_as_owner() {
  if [ "$(id -u)" -ne 0 ]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u postgres -- "$@"
  else
    # printf %q output is bash syntax, so the target shell must be bash, not /bin/sh (dash).
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  fi
}

# pg_start: initdb + start a private server reachable only via a unix socket in a fresh temp dir.
pg_start() {
  [ -z "$_pgt_dir" ] || _pgt_die "pg_start called twice" || return 1
  _pgt_find_bindir || return 1

  # These would silently redirect clients elsewhere (PGHOSTADDR beats PGHOST) or alter session
  # behaviour, making runs depend on the caller's environment.
  unset PGHOSTADDR PGSERVICE PGSERVICEFILE PGOPTIONS PGDATABASE PGPASSWORD PGPASSFILE PGTZ PGDATESTYLE PGCLIENTENCODING

  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || _pgt_die "running as root but no 'postgres' user exists" || return 1
    # /tmp explicitly: the postgres user must be able to traverse the path, and root's $TMPDIR may be private.
    _pgt_dir=$(mktemp -d /tmp/pg_throwaway.XXXXXX) || return 1
    chown postgres "$_pgt_dir" || return 1
  else
    _pgt_dir=$(mktemp -d "${TMPDIR:-/tmp}/pg_throwaway.XXXXXX") || return 1
  fi
  _pgt_owner_pid=$BASHPID
  _pgt_install_exit_trap

  # The socket path must stay under ~107 bytes (sun_path limit).
  if [ $(( ${#_pgt_dir} + 20 )) -gt 107 ]; then
    _pgt_die "temp dir path too long for a unix socket: $_pgt_dir" || return 1
  fi

  # The port only names the socket (.s.PGSQL.<port>) inside our private dir, so it cannot clash
  # with other servers; random just keeps log lines distinguishable.
  local port=$(( 20000 + RANDOM % 20001 ))

  # cd into the temp dir: initdb/pg_ctl as `postgres` fail if they cannot stat the caller's cwd (e.g. /root).
  if ! (cd "$_pgt_dir" && _pgt_as_owner "$PG_BINDIR/initdb" -D "$_pgt_dir/data" -U postgres \
          -A trust --no-sync -E UTF8 --locale=C --no-instructions >"$_pgt_dir/initdb.log" 2>&1); then
    cat "$_pgt_dir/initdb.log" >&2
    _pgt_die "initdb failed" || return 1
  fi

  # listen_addresses='' => no TCP at all; fsync & co off because durability is irrelevant for throwaway data.
  local opts="-c listen_addresses='' -c unix_socket_directories='$_pgt_dir' -c port=$port"
  opts+=" -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
  if ! (cd "$_pgt_dir" && _pgt_as_owner "$PG_BINDIR/pg_ctl" -w -t 30 -D "$_pgt_dir/data" \
          -l "$_pgt_dir/server.log" -o "$opts" start >"$_pgt_dir/pg_ctl.log" 2>&1); then
    cat "$_pgt_dir/pg_ctl.log" "$_pgt_dir/server.log" >&2 2>/dev/null || true
    _pgt_die "pg_ctl start failed" || return 1
  fi

  export PGHOST="$_pgt_dir" PGPORT="$port" PGUSER=postgres
  export PG_THROWAWAY_DIR="$_pgt_dir"   # for callers that want scratch space cleaned up with the server
}

# pg_stop: stop the server and delete everything. Idempotent; installed as the EXIT trap by pg_start.
pg_stop() {
  [ -n "$_pgt_dir" ] || return 0
  # Subshells never inherit the trap, but guard anyway so a child can't remove its parent's server.
  [ "$BASHPID" = "$_pgt_owner_pid" ] || return 0
  if [ -f "$_pgt_dir/data/postmaster.pid" ]; then
    # immediate: no checkpoint needed, the data is about to be deleted.
    (cd "$_pgt_dir" && _pgt_as_owner "$PG_BINDIR/pg_ctl" -D "$_pgt_dir/data" -m immediate -w stop) >/dev/null 2>&1 || true
  fi
  if [ "${PG_KEEP_TMP:-0}" = 1 ]; then
    echo "pg_throwaway: keeping $_pgt_dir" >&2
  else
    rm -rf "$_pgt_dir"
  fi
  _pgt_dir=""
}

# Chain onto any EXIT trap the caller already had instead of replacing it.
_pgt_install_exit_trap() {
  local prev="" spec
  local -a parts
  spec=$(trap -p EXIT)
  if [ -n "$spec" ]; then
    # `trap -p` prints `trap -- '<cmd>' EXIT`; re-parsing it as words undoes the shell quoting.
    eval "parts=($spec)"
    prev="${parts[2]}"
  fi
  # shellcheck disable=SC2064  # expand $prev now, on purpose
  trap "${prev:+$prev
}pg_stop" EXIT
}

_pgt_require_started() {
  [ -n "$_pgt_dir" ] || _pgt_die "call pg_start first" || return 1
}

# pg_psql DB [psql args...]: psql with no ~/.psqlrc, quiet, stop at first error (exit 3 on SQL error).
pg_psql() {
  _pgt_require_started || return 1
  local db="$1"; shift
  "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"
}

# pg_createdb NAME: create an empty database (from template0, so nothing leaks in from template1).
pg_createdb() {
  _pgt_require_started || return 1
  [ $# -eq 1 ] || _pgt_die "usage: pg_createdb NAME" || return 1
  "$PG_BINDIR/createdb" -T template0 -E UTF8 "$1"
}

# pg_dump_schema DB OUTFILE: deterministic schema-only dump without sql-migrate's bookkeeping table.
pg_dump_schema() {
  _pgt_require_started || return 1
  [ $# -eq 2 ] || _pgt_die "usage: pg_dump_schema DB OUTFILE" || return 1
  local db="$1" out="$2"
  # pg_dump >= 15.14 emits `\restrict <random key>` / `\unrestrict <key>` (CVE-2025-8714 hardening);
  # the key is random per run, so drop those lines. Write via a temp file so a pg_dump failure is not
  # masked by the filter and no half-written OUTFILE is left behind.
  "$PG_BINDIR/pg_dump" --schema-only --no-owner --no-privileges \
      --exclude-table=gorp_migrations -d "$db" >"$out.raw" || { rm -f "$out.raw"; return 1; }
  grep -Ev '^\\(un)?restrict ' "$out.raw" >"$out" || true   # grep exits 1 if every line was filtered
  rm -f "$out.raw"
}

# columns_unordered DUMP: a schema dump with the column lines of each CREATE TABLE sorted and
# their trailing commas dropped. A Down that re-adds a column its Up dropped cannot put it back
# in place (PostgreSQL appends added columns), so "Down restores the schema" is compared so.
columns_unordered() {
  awk '
    /^CREATE TABLE / { print; inside = 1; n = 0; next }
    inside && /^\);/ || inside && /^\)/ {
      cmd = "LC_ALL=C sort"; for (i = 1; i <= n; i++) print rows[i] | cmd; close(cmd)
      print; inside = 0; next
    }
    inside { line = $0; sub(/,$/, "", line); rows[++n] = line; next }
    { print }
  ' "$1"
}

# Quote a string as a YAML single-quoted scalar ('' escapes ').
_pgt_yaml_quote() {
  local s=${1//\'/\'\'}
  printf "'%s'" "$s"
}

# sqlmigrate DB MIGRATIONS_DIR CMD [ARGS...]: run sql-migrate against DB on the throwaway server.
# Note: `down` without -limit undoes ONE migration; pass -limit=0 to undo all.
sqlmigrate() {
  _pgt_require_started || return 1
  [ $# -ge 3 ] || _pgt_die "usage: sqlmigrate DB MIGRATIONS_DIR CMD [ARGS...]" || return 1
  local db="$1" mdir="$2" cmd="$3"; shift 3
  [ -d "$mdir" ] || _pgt_die "no such migrations dir: $mdir" || return 1
  # sql-migrate resolves a relative `dir:` against its own cwd, not the config file, so make it absolute.
  mdir=$(cd "$mdir" && pwd -P)
  local cfgdir
  cfgdir=$(mktemp -d "$_pgt_dir/sqlmigrate.XXXXXX") || return 1
  {
    echo "test:"
    echo "  dialect: postgres"
    echo "  datasource: $(_pgt_yaml_quote "host=$PGHOST port=$PGPORT user=postgres dbname=$db sslmode=disable")"
    echo "  dir: $(_pgt_yaml_quote "$mdir")"
  } >"$cfgdir/dbconfig.yml"
  local rc=0
  "${SQL_MIGRATE:-sql-migrate}" "$cmd" -config="$cfgdir/dbconfig.yml" -env=test "$@" || rc=$?
  rm -rf "$cfgdir"
  return "$rc"
}
