// Every generated statement can be served by an index: EXPLAIN of its generic plan (the one
// a prepared statement ends up with) shows no sequential scan of the entity's table.
#include <filesystem>
#include <regex>

#include "fixture.hpp"
#include "queries.hpp"
#include "resolver.hpp"
#include "yaml_frontend.hpp"

namespace repos_test {
namespace {

tenantc::model::Project load_examples() {
  tenantc::Diagnostics diags;
  const std::string root = TENANTC_EXAMPLES_DIR;
  auto project = tenantc::load_project(root + "/tenantc.yaml", diags);
  auto modules = tenantc::load_modules(root + "/schemas", "schemas", {}, diags);
  auto model = tenantc::resolve(*project, modules, diags);
  if (!model || diags.has_errors()) throw std::runtime_error("schemas/ do not compile");
  return *model;
}

std::string plan_of(tenantc::Connection& conn, const tenantc::Query& q) {
  // A statement of our own name: the Connection keeps track of the ones it prepared itself.
  conn.execute("PREPARE probe AS " + q.sql);
  std::string args;
  for (std::size_t i = 0; i < q.params.size(); ++i) args += (i ? ", " : "") + std::string("NULL");
  auto result = conn.execute("EXPLAIN EXECUTE probe" + (args.empty() ? "" : "(" + args + ")"));
  std::string plan;
  for (int i = 0; i < result.size(); ++i) plan += result.row(i).get<std::string>(0) + "\n";
  conn.execute("DEALLOCATE probe");
  return plan;
}

bool reads_table(const tenantc::Query& q) { return q.sql.rfind("INSERT", 0) != 0; }

class Explain : public RepositoryTest {};

// With sequential scans priced out, any statement that still scans its table has no index
// that can serve it: this checks every statement of every entity.
TEST_F(Explain, EveryStatementOfEveryEntityHasAnIndex) {
  auto project = load_examples();
  conn().execute("SET plan_cache_mode = force_generic_plan");
  conn().execute("SET enable_seqscan = off");
  int checked = 0;
  for (const auto& e : project.entities) {
    auto queries = tenantc::build_queries(project, e);
    for (const auto* q : queries.all()) {
      if (!reads_table(*q)) continue;
      std::string plan = plan_of(conn(), *q);
      EXPECT_EQ(plan.find("Seq Scan on " + e.name), std::string::npos) << q->name << "\n" << q->sql << "\n" << plan;
      ++checked;
    }
  }
  EXPECT_GT(checked, 300);
}

// On a table with real rows and statistics, the planner itself picks an index for every
// products statement (no thumb on the scale).
TEST_F(Explain, ThePlannerChoosesIndexesOnAFilledTable) {
  auto project = load_examples();
  std::vector<db::core::TenantId> tenants;
  for (int i = 0; i < 20; ++i) tenants.push_back(tenant("t" + std::to_string(i)));
  db::warehouse::ProductRepository repo(conn());
  for (const auto& t : tenants) {
    auto u = unit(t);
    auto c = category(t, "c");
    std::vector<db::warehouse::NewProduct> rows;
    for (int i = 0; i < 1000; ++i)
      rows.push_back({.sku = "S" + std::to_string(i), .name = "P" + std::to_string(i),
                      .category_id = i % 4 ? std::optional(c) : std::nullopt, .unit_id = u});
    auto ids = repo.create_many(t, rows);
    for (int i = 0; i < 50; ++i) repo.soft_delete(t, ids[static_cast<std::size_t>(i)]);
  }
  conn().execute("ANALYZE");
  conn().execute("SET plan_cache_mode = force_generic_plan");
  const auto* products = project.entity("products");
  auto queries = tenantc::build_queries(project, *products);
  int checked = 0;
  for (const auto* q : queries.all()) {
    if (!reads_table(*q)) continue;
    std::string plan = plan_of(conn(), *q);
    EXPECT_EQ(plan.find("Seq Scan on products"), std::string::npos) << q->name << "\n" << q->sql << "\n" << plan;
    ++checked;
  }
  EXPECT_GT(checked, 10);
}

}  // namespace
}  // namespace repos_test
