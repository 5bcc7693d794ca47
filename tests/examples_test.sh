#!/usr/bin/env bash
# Regenerates generated-examples/ from schemas/ in a scratch copy and fails on any byte of
# difference; then runs `tenantc check` on the repository itself.
set -euo pipefail
tenantc=$1
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp "$repo/tenantc.yaml" "$work/"
cp -r "$repo/schemas" "$work/"
first=$(ls "$repo/generated-examples/migrations" | grep '^changes-' | sort | head -n 1)
stamp=${first#changes-}
stamp=${stamp%.sql}
(cd "$work" && "$tenantc" --quiet generate --timestamp "$stamp")
if ! diff -ru "$repo/generated-examples" "$work/generated-examples"; then
  echo "FAIL: generated-examples/ is not what schemas/ produce; run tenantc generate and commit" >&2
  exit 1
fi
(cd "$repo" && "$tenantc" check)
echo "PASS: generated-examples/ matches schemas/"

# The history is compared as the catalog it builds, not as text: a migration reformatted by
# hand, with a hand-made view added, is still up to date (the view is reported, and kept)...
hist=$(mktemp -d)
trap 'rm -rf "$work" "$hist"' EXIT
cp "$repo/tenantc.yaml" "$hist/"
cp -r "$repo/schemas" "$hist/"
mkdir -p "$hist/generated-examples"
cp -r "$repo/generated-examples/." "$hist/generated-examples/"
mig=$(ls "$hist/generated-examples/migrations"/changes-*.sql | head -n 1)
sed -i -e 's/^CREATE TABLE /create   table /' -e 's/;$/; -- reviewed/' "$mig"
sed -i 's/^-- +migrate Down/CREATE VIEW live_products AS SELECT id FROM products WHERE deleted_at IS NULL;\n\n-- +migrate Down/' "$mig"
# The integrity file catches the hand edit first; `migrate hash` records it as deliberate.
if (cd "$hist" && "$tenantc" check 2>"$hist/check.err"); then
  echo "FAIL: check passed a migration edited after it was recorded" >&2
  exit 1
fi
grep -q "changes-$stamp.sql: error: edited after it was recorded" "$hist/check.err" \
  || { cat "$hist/check.err" >&2; echo "FAIL: the edited migration was not named" >&2; exit 1; }
(cd "$hist" && "$tenantc" --quiet migrate hash)
(cd "$hist" && "$tenantc" check 2>"$hist/check.err") || { cat "$hist/check.err" >&2; echo "FAIL: reformatted history not up to date" >&2; exit 1; }
grep -q "CREATE VIEW is kept as written" "$hist/check.err" || { echo "FAIL: the hand-made view was not reported" >&2; exit 1; }
# ... while a history that lacks an index the schemas derive is a pending change.
sed -i '0,/^CREATE INDEX users_tenant_id_created_by_idx/{/^CREATE INDEX users_tenant_id_created_by_idx/d}' "$mig"
(cd "$hist" && "$tenantc" --quiet migrate hash)
if (cd "$hist" && "$tenantc" check 2>/dev/null); then
  echo "FAIL: a history missing an index passed check" >&2
  exit 1
fi
echo "PASS: history compared as a catalog"

# `check` wants the integrity file: without it, edits to the migrations would go unnoticed.
rm "$hist/generated-examples/migrations/tenantc.sum"
if (cd "$hist" && "$tenantc" check 2>"$hist/check.err"); then
  echo "FAIL: check passed a migrations folder without its integrity file" >&2
  exit 1
fi
grep -q "has no integrity file tenantc.sum" "$hist/check.err" || { cat "$hist/check.err" >&2; echo "FAIL: missing integrity file not reported" >&2; exit 1; }
echo "PASS: the integrity file is required by check"
