// Micro-benchmark: point lookups one round trip each vs. through tenantc::Pipeline, and the ratio.
//
// Usage: tenantc_bench_pipeline [--url CONNINFO] [--rows N] [--batch N] [--rounds N]
// Without --url it starts a throwaway server (tenantc::testing::PostgresServer, unix socket),
// where a round trip is cheapest; over TCP to a remote server the gap grows with the latency.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "tenantc/runtime.hpp"
#include "tenantc/testing.hpp"

using namespace tenantc;
using Clock = std::chrono::steady_clock;

namespace {

constexpr Statement find_row{
    "bench.items.find", "SELECT id, name, price FROM bench_items WHERE tenant_id = $1 AND id = $2"};

struct Item {
  Uuid id;
  std::string name;
  Decimal price;
};

std::optional<Item> decode(const Result& r) {
  if (r.empty()) return std::nullopt;
  return Item{r[0].get<Uuid>(0), r[0].get<std::string>(1), r[0].get<Decimal>(2)};
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string url;
  int rows = 10000;
  int batch = 1000;
  int rounds = 3;
  for (int i = 1; i < argc; ++i) {
    auto value = [&](const char* flag) -> const char* {
      if (std::strcmp(argv[i], flag) != 0 || i + 1 >= argc) return nullptr;
      return argv[++i];
    };
    if (const char* v = value("--url")) {
      url = v;
    } else if (const char* v = value("--rows")) {
      rows = std::atoi(v);
    } else if (const char* v = value("--batch")) {
      batch = std::atoi(v);
    } else if (const char* v = value("--rounds")) {
      rounds = std::atoi(v);
    } else {
      std::fprintf(stderr, "usage: %s [--url CONNINFO] [--rows N] [--batch N] [--rounds N]\n",
                   argv[0]);
      return 2;
    }
  }
  if (rows < 1 || batch < 1 || rounds < 1) {
    std::fprintf(stderr, "--rows, --batch and --rounds must be positive\n");
    return 2;
  }

  try {
    std::optional<tenantc::testing::MigratedDatabase> db;
    if (url.empty()) {
      db.emplace(std::vector<std::string>{});
      url = db->url();
    }
    Connection conn = Connection::open(url);
    conn.execute_script(
        "SET client_min_messages = warning;"  // no NOTICE when the table is not there
        "DROP TABLE IF EXISTS bench_items;"
        "CREATE TABLE bench_items (tenant_id uuid NOT NULL, id uuid NOT NULL, name text NOT NULL,"
        "  price numeric(12,2) NOT NULL, PRIMARY KEY (tenant_id, id));");
    Uuid tenant = Uuid::random();
    std::vector<Uuid> ids;
    std::vector<std::string> names;
    std::vector<Decimal> prices;
    for (int i = 0; i < rows; ++i) {
      ids.push_back(Uuid::random());
      names.push_back("item " + std::to_string(i));
      prices.push_back(Decimal::parse(std::to_string(i % 1000) + ".99"));
    }
    conn.execute(
        Statement{"bench.items.insert",
                  "INSERT INTO bench_items SELECT $1, u.id, u.name, u.price "
                  "FROM unnest($2::uuid[], $3::text[], $4::numeric[]) AS u (id, name, price)"},
        Params::of(tenant, ids, names, prices));
    conn.execute("ANALYZE bench_items");
    decode(conn.execute(find_row, Params::of(tenant, ids[0])));  // prepare outside the timing

    double best_sequential = 1e300;
    double best_pipelined = 1e300;
    std::size_t checksum = 0;
    for (int round = 0; round < rounds; ++round) {
      auto start = Clock::now();
      for (const Uuid& id : ids) {
        if (auto item = decode(conn.execute(find_row, Params::of(tenant, id))))
          checksum += item->name.size();
      }
      best_sequential = std::min(best_sequential, seconds_since(start));

      start = Clock::now();
      for (std::size_t first = 0; first < ids.size(); first += static_cast<std::size_t>(batch)) {
        Pipeline p(conn);
        std::vector<Deferred<std::optional<Item>>> found;
        std::size_t last = std::min(ids.size(), first + static_cast<std::size_t>(batch));
        for (std::size_t i = first; i < last; ++i) {
          found.push_back(p.add<std::optional<Item>>(find_row, Params::of(tenant, ids[i]), decode));
        }
        p.run();
        for (const auto& f : found) {
          if (f.get()) checksum -= f.get()->name.size();
        }
      }
      best_pipelined = std::min(best_pipelined, seconds_since(start));
    }
    if (checksum != 0) {
      std::fprintf(stderr, "pipelined results differ from sequential ones\n");
      return 1;
    }
    double sequential_rate = rows / best_sequential;
    double pipelined_rate = rows / best_pipelined;
    std::printf("rows=%d batch=%d rounds=%d (best of)\n", rows, batch, rounds);
    std::printf("sequential  %10.0f rows/s  (%.3f s)\n", sequential_rate, best_sequential);
    std::printf("pipelined   %10.0f rows/s  (%.3f s)\n", pipelined_rate, best_pipelined);
    std::printf("ratio       %10.2fx\n", pipelined_rate / sequential_rate);
    conn.execute("DROP TABLE bench_items");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
