// Quick measurement of the generated repositories on a throwaway PostgreSQL: find one at a
// time vs pipelined, and create_many vs create in a loop. Prints rows per second and ratios.
// Not a test; build target tenantc_bench_repository, run ./build/tests/tenantc_bench_repository.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <tenantc/testing.hpp>

#include "core.hpp"
#include "warehouse.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main() {
  auto db = tenantc::testing::MigratedDatabase::from_dir(TENANTC_EXAMPLES_DIR "/generated-examples/migrations");
  auto conn = db.connect();
  auto tenant = db::core::TenantRepository(conn).create(tenantc::unscoped, {.name = "Bench", .slug = "bench"}).id;
  auto unit = db::warehouse::UnitRepository(conn).create(tenant, {.code = "pcs", .name = "pieces"}).id;
  db::warehouse::ProductRepository repo(conn);

  const int n = 10000;
  std::vector<db::warehouse::NewProduct> rows;
  for (int i = 0; i < n; ++i)
    rows.push_back({.sku = "S" + std::to_string(i), .name = "Product " + std::to_string(i), .unit_id = unit,
                    .price = tenantc::Decimal::parse("9.99"), .tags = std::vector<std::string>{"a", "b"}});

  auto start = std::chrono::steady_clock::now();
  std::vector<db::warehouse::ProductId> ids;
  for (std::size_t i = 0; i < rows.size(); i += 1000) {
    auto part = repo.create_many(tenant, std::span(rows).subspan(i, std::min<std::size_t>(1000, rows.size() - i)));
    ids.insert(ids.end(), part.begin(), part.end());
  }
  double many = seconds_since(start);

  std::vector<db::warehouse::NewProduct> single;
  for (int i = 0; i < 2000; ++i) {
    auto r = rows[static_cast<std::size_t>(i)];
    r.sku = "T" + std::to_string(i);
    single.push_back(r);
  }
  start = std::chrono::steady_clock::now();
  for (const auto& r : single) repo.create(tenant, r);
  double one_by_one = seconds_since(start);

  // As autovacuum would after a bulk load: without statistics the planner may pick a partial
  // index over the primary key for a point lookup.
  conn.execute("ANALYZE products");
  if (std::getenv("BENCH_EXPLAIN")) {
    conn.execute(std::string("PREPARE x AS ") + std::string(db::warehouse::ProductRepository::kFindSql));
    auto r = conn.execute("EXPLAIN ANALYZE EXECUTE x('" + tenant.value().to_string() + "', '" + ids[5].value().to_string() + "')");
    for (int i = 0; i < r.size(); ++i) std::printf("%s\n", r.row(i).get<std::string>(0).c_str());
  }
  const int lookups = 5000;
  start = std::chrono::steady_clock::now();
  for (int i = 0; i < lookups; ++i) repo.find(tenant, ids[static_cast<std::size_t>(i * 7 % n)]);
  double sequential = seconds_since(start);

  start = std::chrono::steady_clock::now();
  for (int batch = 0; batch < lookups; batch += 250) {
    tenantc::Pipeline pipe(conn);
    std::vector<tenantc::Deferred<std::optional<db::warehouse::Product>>> out;
    for (int i = batch; i < batch + 250; ++i) out.push_back(repo.find(pipe, tenant, ids[static_cast<std::size_t>(i * 7 % n)]));
    pipe.run();
  }
  double pipelined = seconds_since(start);

  std::printf("create_many (batches of 1000): %8.0f rows/s\n", n / many);
  std::printf("create, one call per row:      %8.0f rows/s   (create_many %.1fx)\n", 2000 / one_by_one,
              (n / many) / (2000 / one_by_one));
  std::printf("find, one call at a time:      %8.0f calls/s\n", lookups / sequential);
  std::printf("find, pipelined by 250:        %8.0f calls/s   (%.1fx)\n", lookups / pipelined, sequential / pipelined);
  return 0;
}
