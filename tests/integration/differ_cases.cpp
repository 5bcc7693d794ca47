// Writes the differ's cases for a real PostgreSQL (tests/integration/differ_pg_test.sh): for
// each pair of schemas, a sql-migrate folder holding the fresh plan of `from` and then the
// diff's migrations, and a second folder holding the fresh plan of `to`.
//
// Usage: tenantc_differ_cases OUT_DIR [RANDOM_CASES]
//   OUT_DIR/<NNN>_<name>/migrations/changes-<t>.sql   plan_create(from), then diff(from, to)
//   OUT_DIR/<NNN>_<name>/fresh/changes-<t>.sql        plan_create(to)
//   OUT_DIR/<NNN>_<name>/about.txt                    what changed, for failure messages
//   OUT_DIR/<NNN>_<name>/seed.sql                     rows to insert after plan_create(from),
//                                                     when the diff destroys nothing
#include <algorithm>
#include <filesystem>
#include <map>
#include <fstream>
#include <iostream>
#include <random>

#include "ddl.hpp"
#include "differ.hpp"
#include "schema_builder.hpp"
#include "../unit/differ_scenarios.hpp"
#include "../unit/test_support.hpp"

using namespace tenantc;
namespace fs = std::filesystem;
namespace sc = tenantc::testing::scenarios;

namespace {

// sql-migrate ends a statement at a line ending in ';': fence statements with one inside.
std::string statement(const std::string& s) {
  std::string body = s + ";";
  if (body.find(";\n") == std::string::npos) return body + "\n";
  return "-- +migrate StatementBegin\n" + body + "\n-- +migrate StatementEnd\n";
}

void write_migration(const fs::path& file, const std::vector<std::string>& up, const std::vector<std::string>& down,
                     bool notransaction) {
  std::ofstream out(file);
  out << "-- +migrate Up" << (notransaction ? " notransaction" : "") << "\n";
  for (const auto& s : up) out << statement(s);
  out << "\n-- +migrate Down\n";
  for (const auto& s : down) out << statement(s);
}

std::optional<catalog::Schema> build(const std::string& module, const std::string& project) {
  auto c = tenantc::testing::compile_one(module, project);
  if (!c.ok()) {
    std::cerr << c.errors();
    return std::nullopt;
  }
  return build_schema(*c.project);
}

// `to`'s enum that `from`'s enum `name` becomes: the same name, or one renamed from it.
const catalog::Enum* successor(const catalog::Schema& to, const std::string& name) {
  for (const auto& te : to.enums)
    if (te.name == name) return &te;
  for (const auto& te : to.enums)
    if (te.renamed_from == name) return &te;
  return nullptr;
}

// Whether `to`'s enum keeps `from`'s value `v`, as it is or renamed.
bool keeps(const catalog::Enum& te, const std::string& v) {
  if (std::find(te.values.begin(), te.values.end(), v) != te.values.end()) return true;
  return std::any_of(te.value_renamed_from.begin(), te.value_renamed_from.end(),
                     [&](const auto& hint) { return hint.second == v; });
}

// One row in every table of `from` (one tenant), every column filled where it can be: a
// non-destructive diff must go up and down on a populated database too. Strings are '1' so
// that they also cast to numbers; enum columns take a value both catalogs have
// and no check names.
std::string seed_rows(const catalog::Schema& from, const catalog::Schema& to) {
  auto row_id = [](std::size_t i) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "'00000000-0000-0000-0000-%012zu'", i + 1);
    return std::string(buf);
  };
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < from.tables.size(); ++i) position[from.tables[i].name] = i;
  std::string checks;  // a value a check names may be one it refuses
  for (const auto& t : from.tables)
    for (const auto& k : t.constraints) checks += k.expression + " ";
  auto enum_value = [&](const std::string& name) -> std::string {
    for (const auto& e : from.enums) {
      if (e.name != name) continue;
      const catalog::Enum* te = successor(to, name);
      std::string best;
      for (auto v = e.values.rbegin(); v != e.values.rend(); ++v)
        if (te && keeps(*te, *v) && (best.empty() || checks.find("'" + *v + "'") == std::string::npos) &&
            (best.empty() || checks.find("'" + best.substr(1, best.size() - 2) + "'") != std::string::npos))
          best = "'" + *v + "'";
      if (!best.empty()) return best;
      return e.values.empty() ? "" : "'" + e.values.front() + "'";
    }
    return "";
  };
  std::string sql;
  for (std::size_t ti = 0; ti < from.tables.size(); ++ti) {
    const auto& t = from.tables[ti];
    std::vector<std::string> cols, vals;
    for (const auto& c : t.columns) {
      if (!c.generated.empty()) continue;
      std::string v;
      std::string type = c.type;
      bool array = type.size() > 2 && type.compare(type.size() - 2, 2, "[]") == 0;
      const catalog::Constraint* fk = nullptr;
      for (const auto& k : t.constraints)
        if (k.kind == catalog::ConstraintKind::ForeignKey && k.columns.back() == c.name) fk = &k;
      if (c.name == "id") v = row_id(ti);
      else if (fk) {
        auto it = position.find(fk->ref_table);
        if (it != position.end() && it->second <= ti) v = row_id(it->second);
        else if (!c.not_null) v = "NULL";
        else return "";  // a required ref ahead in a cycle: no seed for this case
      } else if (array) v = "'{}'";
      else if (type.rfind("varchar", 0) == 0 || type == "text") v = "'1'";
      else if (type == "integer" || type == "bigint" || type == "smallint" || type.rfind("numeric", 0) == 0 ||
               type == "real" || type == "double precision")
        v = "1";
      else if (type == "boolean") v = "true";
      else if (type == "date" || type == "timestamptz") v = "'2024-01-01'";
      else if (type == "jsonb") v = "'{}'";
      else if (type == "uuid") v = c.not_null ? row_id(1000) : "NULL";
      else v = enum_value(type);
      if (v.empty()) continue;
      cols.push_back(c.name);
      vals.push_back(v);
    }
    if (t.column("tenant_id"))
      for (std::size_t i = 0; i < cols.size(); ++i)
        if (cols[i] == "tenant_id") vals[i] = row_id(position["tenants"]);
    sql += "INSERT INTO " + t.name + " (" + ddl::join(cols) + ") VALUES (" + ddl::join(vals) + ");\n";
  }
  return sql;
}

bool write_case(const fs::path& dir, const std::string& about, const catalog::Schema& from, const catalog::Schema& to) {
  Diff d = diff(from, to);
  if (!d.errors.empty()) {
    std::cout << "skipped " << dir.filename().string() << ": " << d.errors.front() << "\n";
    return false;
  }
  fs::create_directories(dir / "migrations");
  fs::create_directories(dir / "fresh");
  std::int64_t t = 1700000000;
  auto base = plan_create(from);
  write_migration(dir / "migrations" / ("changes-" + std::to_string(t) + ".sql"), base.up(), base.down(), false);
  for (const auto& m : d.migrations)
    write_migration(dir / "migrations" / ("changes-" + std::to_string(++t) + ".sql"), m.up(), m.down(), m.notransaction);
  auto fresh = plan_create(to);
  write_migration(dir / "fresh" / "changes-1700000000.sql", fresh.up(), fresh.down(), false);
  std::ofstream(dir / "about.txt") << about << "\n";
  if (d.destructive.empty())
    if (auto rows = seed_rows(from, to); !rows.empty()) std::ofstream(dir / "seed.sql") << rows;
  // A generated column made plain keeps its values (DROP EXPRESSION) and its place; its Down
  // can only drop it and add it again, at the end of the table.
  for (const auto& m : d.migrations)
    for (auto k : m.kinds)
      if (k == DiffKind::DropExpression) std::ofstream(dir / "column_order_may_change") << "DROP EXPRESSION\n";
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: tenantc_differ_cases OUT_DIR [RANDOM_CASES]\n";
    return 2;
  }
  fs::path out = argv[1];
  int random_cases = argc > 2 ? std::stoi(argv[2]) : 40;
  int n = 0;
  auto name = [&](const std::string& what) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%03d", ++n);
    return out / (std::string(buf) + "_" + what);
  };
  for (const auto& p : sc::named_pairs()) {
    auto a = build(p.from, p.project), b = build(p.to, p.project);
    if (!a || !b) return 1;
    write_case(name(p.name), p.name, *a, *b);
    write_case(name(p.name + "_reversed"), p.name + " (reversed)", *b, *a);
  }
  for (unsigned seed = 1; static_cast<int>(seed) <= random_cases; ++seed) {
    std::mt19937 rng(seed);
    sc::ModuleSpec from = sc::base_module();
    for (int i = 0, k = static_cast<int>(rng() % 4); i < k; ++i) {
      sc::ModuleSpec next = from;
      sc::mutate(next, rng);
      if (tenantc::testing::compile_one(sc::render(next)).ok()) from = next;
    }
    sc::settle(from, rng);
    sc::ModuleSpec to = from;
    std::string edits;
    for (int i = 0, k = 1 + static_cast<int>(rng() % 3); i < k; ++i) {
      sc::ModuleSpec next = to;
      std::string what = sc::mutate(next, rng);
      if (tenantc::testing::compile_one(sc::render(next)).ok()) {
        to = next;
        edits += what + "; ";
      }
    }
    auto a = build(sc::render(from), "version: 1\n"), b = build(sc::render(to), "version: 1\n");
    if (!a || !b) return 1;
    if (diff(*a, *b).empty()) continue;
    write_case(name("seed" + std::to_string(seed)), "seed " + std::to_string(seed) + ": " + edits, *a, *b);
  }
  std::cout << n << " cases in " << out.string() << "\n";
  return 0;
}
