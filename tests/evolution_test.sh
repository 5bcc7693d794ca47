#!/usr/bin/env bash
# Schema evolution through the CLI on a copy of the example project: a YAML edit becomes new
# migration files (never an edit of an old one), `check` is clean afterwards, a destructive
# edit is refused without --allow-destructive, and the whole history goes up, down and up
# with the real sql-migrate on a throwaway PostgreSQL.
set -euo pipefail
tenantc=$1
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$repo/tenantc.yaml" "$repo/schemas" "$work/"
mkdir -p "$work/generated-examples"
cp -r "$repo/generated-examples/migrations" "$work/generated-examples/"
cd "$work"
first=$(sha256sum generated-examples/migrations/*.sql)

fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. Add columns (one with a default), an enum value in the middle, an index on an existing table.
perl -0pi -e 's/^      notes: text\?\n/      notes: text?\n      website: string(255)?\n      rating: { type: int, default: 0, index: true }\n/m;
              s/client_kind: \[individual, company\]/client_kind: [individual, partner, company]/' schemas/crm.yaml
"$tenantc" plan > plan.txt
grep -q "ALTER TABLE clients ADD COLUMN website varchar(255);" plan.txt || fail "plan lacks the new column"
grep -q "ALTER TYPE client_kind ADD VALUE 'partner' BEFORE 'company';" plan.txt || fail "plan lacks the enum value"
grep -q "CREATE INDEX CONCURRENTLY" plan.txt || fail "plan lacks the concurrent index"
"$tenantc" --quiet generate --timestamp 1767300000
[ "$(ls generated-examples/migrations/*.sql | wc -l)" -eq 3 ] || fail "expected the change in two new files"
grep -q "^-- +migrate Up notransaction" generated-examples/migrations/changes-1767300001.sql || fail "index migration not notransaction"
echo "$first" | sha256sum -c --quiet - || fail "an existing migration was edited"
"$tenantc" check >/dev/null || fail "check not clean after generate"
out=$("$tenantc" generate --timestamp 1767300100)
echo "$out" | grep -q "nothing changed" || fail "second generate did not say nothing changed"
[ "$(ls generated-examples/migrations/*.sql | wc -l)" -eq 3 ] || fail "second generate wrote a migration"

# 2. A destructive edit is refused, names what would be lost, and writes nothing.
sed -i '/      website: string(255)?/d' schemas/crm.yaml
before=$(ls -l generated-examples/migrations)
if "$tenantc" generate --timestamp 1767300200 2>err.txt; then fail "destructive change accepted"; fi
grep -q "crm.yaml:[0-9]*:[0-9]*: error: this change would lose data: column clients.website" err.txt || { cat err.txt >&2; fail "message does not name the data"; }
[ "$before" = "$(ls -l generated-examples/migrations)" ] || fail "a refused change wrote files"
"$tenantc" check 2>/dev/null && fail "check passed with a pending change"
sed -i 's/      notes: text?/      notes: text?\n      website: string(255)?/' schemas/crm.yaml
"$tenantc" check >/dev/null || fail "restoring the YAML did not clear the pending change"

# 3. The history applies with the real tool: up, down, up, and each Down undoes its Up.
bash "$repo/tests/integration/migrate_roundtrip.sh" generated-examples/migrations \
  --expect-fail "$repo/tests/integration/probes/cross_tenant_ref.sql"
echo "PASS: schema evolution through the CLI"
