// Planning a fresh schema. The plan is a list of typed changes so that the diff of two
// catalogs (schema evolution) produces the same kind of list.
#include "planner.hpp"

#include <set>

#include "ddl.hpp"
#include "diagnostics.hpp"
#include "sql_parser.hpp"

namespace tenantc {

std::vector<std::string> Plan::up() const {
  std::vector<std::string> out;
  for (const auto& c : changes) out.insert(out.end(), c.up.begin(), c.up.end());
  return out;
}

std::vector<std::string> Plan::down() const {
  std::vector<std::string> out;
  for (auto it = changes.rbegin(); it != changes.rend(); ++it) out.insert(out.end(), it->down.begin(), it->down.end());
  return out;
}

std::string Plan::purpose() const {
  int enums = 0, tables = 0, fks = 0, indexes = 0;
  for (const auto& c : changes) {
    switch (c.kind) {
      case Change::Kind::CreateEnum: ++enums; break;
      case Change::Kind::CreateTable: ++tables; break;
      case Change::Kind::AddForeignKey: ++fks; break;
      case Change::Kind::CreateIndex: ++indexes; break;
    }
  }
  auto count = [](int n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  std::vector<std::string> parts;
  if (tables) parts.push_back(count(tables, "table", "tables"));
  if (enums) parts.push_back(count(enums, "enum type", "enum types"));
  if (indexes) parts.push_back(count(indexes, "index", "indexes"));
  if (fks) parts.push_back(count(fks, "deferred foreign key", "deferred foreign keys"));
  std::string text = "create ";
  for (std::size_t i = 0; i < parts.size(); ++i)
    text += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
  return text;
}

Plan plan_create(const catalog::Schema& target) {
  Plan plan;
  for (const auto& e : target.enums) {
    Change c{Change::Kind::CreateEnum, e.name, {ddl::create_enum(e)}, {ddl::drop_enum(e)}};
    if (!e.comment.empty())
      c.up.push_back("COMMENT ON TYPE " + e.name + " IS " + sql::quote_literal(e.comment));
    plan.changes.push_back(std::move(c));
  }
  std::set<std::string> created;
  std::vector<std::pair<std::string, const catalog::Constraint*>> deferred;
  for (const auto& t : target.tables) {
    created.insert(t.name);
    auto inline_ok = [&](const catalog::Constraint& c) {
      return c.kind != catalog::ConstraintKind::ForeignKey || created.count(c.ref_table) > 0 ||
             !target.table(c.ref_table);
    };
    Change c{Change::Kind::CreateTable, t.name, {ddl::create_table(t, inline_ok)}, {ddl::drop_table(t)}};
    if (!t.comment.empty()) c.up.push_back(ddl::comment_on_table(t));
    for (const auto& col : t.columns)
      if (!col.comment.empty()) c.up.push_back(ddl::comment_on_column(t.name, col));
    for (const auto& con : t.constraints)
      if (!inline_ok(con)) deferred.emplace_back(t.name, &con);
    plan.changes.push_back(std::move(c));
  }
  // A cycle's remaining foreign keys, now that both ends exist. Their Down runs before the
  // tables are dropped, since a referenced table cannot be dropped first.
  for (const auto& [table, con] : deferred)
    plan.changes.push_back(
        {Change::Kind::AddForeignKey, con->name, {ddl::add_constraint(table, *con)}, {ddl::drop_constraint(table, *con)}});
  // Indexes go with their table's DROP TABLE, so their Down is empty.
  for (const auto& ix : target.indexes) plan.changes.push_back({Change::Kind::CreateIndex, ix.name, {ddl::create_index(ix)}, {}});
  return plan;
}

void verify_statements(const std::vector<std::string>& statements) {
  for (const auto& s : statements) {
    if (auto err = sql::parse_error(s))
      throw InternalError{"generated a statement PostgreSQL's parser rejects (" + err->message + "):\n" + s};
  }
}

}  // namespace tenantc
