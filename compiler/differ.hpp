// Schema evolution: the difference between two catalogs as ordered, typed changes, each
// with its exact inverse, split into as many migrations as PostgreSQL's transaction rules
// need (an enum value added before a statement uses it; CREATE INDEX CONCURRENTLY).
#pragma once

#include <string>
#include <vector>

#include "catalog.hpp"
#include "planner.hpp"

namespace tenantc {

struct DiffOptions {
  // diff() records destructive changes either way; callers refuse a diff whose `destructive`
  // is not empty unless this is set (see Diff::refused).
  bool allow_destructive = false;
};

// What a change does. Change::Kind has only the fresh-schema kinds, so each Change of a
// diff carries the nearest of those and its precise kind sits at the same index in
// Migration::kinds.
enum class DiffKind {
  CreateEnum,
  DropEnum,
  RenameEnum,         // ALTER TYPE old RENAME TO new; Down: ALTER TYPE new RENAME TO old
  RenameEnumValue,    // ALTER TYPE e RENAME VALUE 'old' TO 'new'; Down: the reverse
  AddEnumValues,      // ALTER TYPE e ADD VALUE 'v' BEFORE 'w'; Down: type swap without them
  ReplaceEnumValues,  // type swap (a value removed, or values reordered); Down: swap back
  CommentEnum,
  CreateTable,
  DropTable,
  RenameTable,
  CommentTable,
  AddColumn,
  DropColumn,
  RenameColumn,
  AlterColumnType,
  SetNotNull,
  DropNotNull,
  SetDefault,
  DropDefault,
  DropExpression,  // a generated column becomes a plain one, keeping its values
  CommentColumn,
  AddConstraint,
  DropConstraint,
  RenameConstraint,
  ValidateConstraint,  // ALTER TABLE t VALIDATE CONSTRAINT c; Down: drop it and add it NOT VALID
  CreateIndex,
  DropIndex,
  RenameIndex,
};
const char* diff_kind_name(DiffKind kind);

// One migration file's worth of changes.
struct Migration : Plan {
  // Runs outside a transaction: `-- +migrate Up notransaction`. Only CREATE INDEX
  // CONCURRENTLY statements are in such a migration; its Down is plain DROP INDEX, which
  // runs either way.
  bool notransaction = false;
  std::vector<DiffKind> kinds;  // parallel to `changes`

  // One line for the `-- Purpose:` header ("add 2 columns, rename 1 table"). Plan::purpose
  // describes fresh schemas only.
  std::string purpose() const;
};

struct Diff {
  // In the order they run: enum values a later statement uses (committed first), the main
  // migration (a check or foreign key added to an existing table is added NOT VALID, so it
  // takes its lock only briefly and scans nothing), the validation of those constraints in
  // a transaction of its own (it scans the table without blocking writes), then indexes
  // built CONCURRENTLY on tables that already existed. Empty when the catalogs are the same.
  std::vector<Migration> migrations;
  // What data would be lost: `table x`, `column y.z`, `enum value e.'v'`,
  // `narrowing y.z varchar(100)->varchar(50)`, `retyping y.z text->integer`.
  std::vector<std::string> destructive;
  // Changes that cannot be made as asked (adding a required column without a default to an
  // existing table). The migrations are still produced.
  std::vector<std::string> errors;

  bool empty() const { return migrations.empty(); }
  // Whether a caller must refuse to write this diff.
  bool refused(const DiffOptions& options) const {
    return !errors.empty() || (!options.allow_destructive && !destructive.empty());
  }
};

// The migrations that take a database built from `from` to `to`. Renames come only from the
// `renamed_from` hints of `to`'s tables, columns, enum types and enum values, each used only
// when the old name is in `from` and the new one is not (so a hint left in the YAML after
// its rename was migrated is ignored); constraint and index names derived from renamed
// objects are renamed along (ALTER INDEX / RENAME CONSTRAINT) when their definition is
// otherwise unchanged. Enum renames run first, in the first migration: PostgreSQL shows the
// new type name and label wherever the old ones were used (column types, defaults, checks,
// index predicates), so nothing else is written for them. Expressions are compared in
// PostgreSQL's canonical form and types by their canonical spelling, so diff(x, x) is empty.
Diff diff(const catalog::Schema& from, const catalog::Schema& to, const DiffOptions& options = {});

}  // namespace tenantc
