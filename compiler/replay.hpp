// Replaying migrations: the Up statements of existing migration files, parsed by PostgreSQL's
// own parser (libpg_query), applied in order to a catalog::Schema, so that the catalog the
// history builds can be compared with the one the schemas build (schema evolution).
//
// Modelled: CREATE TYPE ... AS ENUM, ALTER TYPE ... ADD VALUE / RENAME VALUE / RENAME TO,
// DROP TYPE; CREATE TABLE (columns, NULL / NOT NULL, DEFAULT, GENERATED ALWAYS AS ... STORED,
// serial types, PRIMARY KEY, UNIQUE [NULLS NOT DISTINCT], REFERENCES / FOREIGN KEY with
// ON DELETE actions incl. SET NULL (cols), CHECK; column and table level); CREATE [UNIQUE]
// INDEX on plain columns with ASC/DESC, USING, NULLS NOT DISTINCT and WHERE; ALTER TABLE
// ADD / DROP / ALTER COLUMN (TYPE, SET / DROP NOT NULL, SET / DROP DEFAULT, DROP EXPRESSION),
// ADD / DROP / VALIDATE CONSTRAINT; RENAME of tables, columns, constraints, indexes, types;
// DROP TABLE / INDEX; COMMENT ON TABLE / COLUMN / TYPE.
//
// Each statement changes the catalog as PostgreSQL would: unnamed constraints and indexes get
// PostgreSQL's own names (63-byte truncation and numbered clashes included), a primary key
// makes its columns NOT NULL, DROP ... CASCADE takes dependent foreign keys, columns and
// indexes with it, renames carry into constraints, indexes and expressions, and a statement
// PostgreSQL would refuse (a missing table, a dependent object without CASCADE) is reported
// and leaves the catalog as it was. Type names are spelled as model::Type::sql() spells them
// (`int4` -> integer, `timestamp with time zone` -> timestamptz, `decimal(10,2)` ->
// numeric(10,2)), and every expression is stored as sql::canonical_expression() prints it.
#pragma once

#include <string>
#include <vector>

#include "catalog.hpp"
#include "diagnostics.hpp"

namespace tenantc {

struct ReplayStatement {
  std::string sql;  // one statement (or several: each is applied in turn)
  SourceLoc loc;    // of the first character of `sql`; messages point inside it from there
};

// A statement replay leaves out of the catalog because it makes nothing the catalog holds:
// a view, a function, a grant, an INSERT, an index on an expression ...
struct UnmodeledStatement {
  std::string sql;   // the statement's text
  SourceLoc loc;     // its first keyword
  std::string what;  // its leading keywords: "CREATE FUNCTION", "INSERT INTO", "GRANT"
};

// Applies each statement to `schema` in order. A statement that does not parse, that
// PostgreSQL would refuse, or that holds a clause the catalog cannot express (DEFERRABLE,
// ON UPDATE, COLLATE, ...) is an error at its file:line:col. A statement of a kind the
// catalog does not model at all is, without `unmodeled`, an error "cannot model this
// statement"; with `unmodeled`, it is appended there instead and the caller decides (the
// spec keeps hand-made objects and reports them). Nothing is ever skipped silently.
void replay(catalog::Schema& schema, const std::vector<ReplayStatement>& statements, Diagnostics& diags,
            std::vector<UnmodeledStatement>* unmodeled = nullptr);

// The statements of one migration section (the text of `-- +migrate Up`, say) split by
// PostgreSQL's parser, each with its location; `start` is where the text's first character
// is. A section that does not parse is reported at the error and gives no statements.
std::vector<ReplayStatement> located_statements(const std::string& script, const SourceLoc& start, Diagnostics& diags);

// The whole schema that the given Up statements build from empty. Messages name the
// statements "statement N" (1-based), with line and column inside the statement.
catalog::Schema replay_all(const std::vector<std::string>& statements, Diagnostics& diags);

// Every expression of `schema` (defaults, generated columns, checks, index predicates) in
// the form sql::canonical_expression() gives, which is the form replay() stores. Apply it to
// a catalog built from the YAML before comparing it with a replayed one.
void canonicalize_expressions(catalog::Schema& schema);

}  // namespace tenantc
