// Emitters. Statement text comes from ddl::, layout from the templates.
#include "emitters.hpp"

#include <ctime>

#include "ddl.hpp"
#include "templates.hpp"

namespace tenantc {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

// sql-migrate ends a statement at any line ending in ';'. A statement with such a line
// inside (a comment text, say) is fenced so that the tool keeps it whole.
std::string migration_statement(const std::string& s) {
  std::string body = s + ";";
  bool inner_semicolon = false;
  std::size_t pos = 0;
  while ((pos = body.find(";\n", pos)) != std::string::npos) {
    inner_semicolon = true;
    ++pos;
  }
  if (!inner_semicolon) return body;
  return "-- +migrate StatementBegin\n" + body + "\n-- +migrate StatementEnd";
}

list statements(const std::vector<std::string>& stmts, bool fence) {
  list out;
  for (const auto& s : stmts) {
    data d;
    d.set("statement", fence ? migration_statement(s) : s + ";");
    out.push_back(d);
  }
  return out;
}

std::string index_columns(const catalog::Index& ix) {
  std::vector<std::string> keys;
  for (const auto& k : ix.keys) keys.push_back(k.column + (k.desc ? " DESC" : ""));
  return "(" + ddl::join(keys) + ")";
}

std::string escape_cell(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

}  // namespace

std::string iso_utc(std::int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

MigrationText emit_sql_migrate(const Plan& plan, std::int64_t timestamp, const std::string& name,
                               const std::string& sources, const std::string& purpose, bool notransaction) {
  data d;
  d.set("name", name);
  d.set("date", iso_utc(timestamp));
  d.set("purpose", purpose);
  d.set("sources", sources);
  d.set("notransaction", notransaction);
  d.set("up", statements(plan.up(), true));
  d.set("down", statements(plan.down(), true));
  return {"changes-" + std::to_string(timestamp) + ".sql", templates::render("sql_migrate", d)};
}

std::vector<MigrationText> emit_golang_migrate(const Plan& plan, std::int64_t number, const std::string& name,
                                               const std::string& sources, const std::string& purpose,
                                               std::int64_t date, bool notransaction) {
  std::string version = std::to_string(number);
  if (version.size() < 6) version.insert(0, 6 - version.size(), '0');
  const std::string stem = version + "_" + name;
  auto file = [&](const std::string& direction, const std::vector<std::string>& stmts) {
    data d;
    d.set("name", stem);
    d.set("direction", direction);
    d.set("date", iso_utc(date));
    d.set("purpose", purpose);
    d.set("sources", sources);
    d.set("notransaction", notransaction);
    d.set("statements", statements(stmts, false));
    return templates::render("golang_migrate", d);
  };
  return {{stem + ".up.sql", file("up", plan.up())},
          {stem + ".down.sql", file("down: undoes " + stem + ".up.sql", plan.down())}};
}

std::string emit_schema_sql(const catalog::Schema& schema, const std::string& sources) {
  data d;
  d.set("sources", sources);
  d.set("statements", statements(plan_create(schema).up(), false));
  return templates::render("schema_sql", d);
}

std::string emit_index_report(const catalog::Schema& schema, const std::string& sources) {
  list tables;
  for (const auto& t : schema.tables) {
    list rows;
    auto row = [&](const std::string& name, const std::string& kind, const std::string& columns,
                   const std::string& where, const std::vector<std::string>& serves) {
      data r;
      r.set("name", name);
      r.set("kind", kind);
      r.set("columns", escape_cell(columns));
      r.set("predicate", where.empty() ? "" : "`" + escape_cell(where) + "`");
      r.set("serves", escape_cell(ddl::join(serves, "; ")));
      rows.push_back(r);
    };
    for (const auto& c : t.constraints) {
      if (c.kind == catalog::ConstraintKind::PrimaryKey)
        row(c.name, "primary key", "(" + ddl::join(c.columns) + ")", "", c.serves);
      if (c.kind == catalog::ConstraintKind::Unique)
        row(c.name, "unique constraint", "(" + ddl::join(c.columns) + ")", "", c.serves);
    }
    for (const auto& ix : schema.indexes) {
      if (ix.table != t.name) continue;
      std::string kind = std::string(ix.unique ? "unique " : "") + (ix.method == "btree" ? "" : ix.method + " ") + "index";
      row(ix.name, kind, index_columns(ix), ix.where, ix.serves);
    }
    data td;
    td.set("table", t.name);
    td.set("indexes", rows);
    tables.push_back(td);
  }
  data d;
  d.set("sources", sources);
  d.set("tables", tables);
  return templates::render("index_report", d);
}

}  // namespace tenantc
