// Pipeline: results equal sequential ones, errors land in their Deferred, statements prepare once.
#include <gtest/gtest.h>

#include "tenantc/runtime.hpp"
#include "tenantc/testing.hpp"

using namespace tenantc;

namespace {

struct Product {
  Uuid id;
  Uuid tenant_id;
  std::string name;
  Decimal price;
  Timestamp created_at;
  friend bool operator==(const Product&, const Product&) = default;
};

constexpr Statement find_product{
    "test.products.find",
    "SELECT id, tenant_id, name, price, created_at FROM products WHERE tenant_id = $1 AND id = $2"};
constexpr Statement insert_products{
    "test.products.insert_many",
    "INSERT INTO products (id, tenant_id, name, price) "
    "SELECT u.id, $1, u.name, u.price FROM unnest($2::uuid[], $3::text[], $4::numeric[]) "
    "AS u (id, name, price)"};
constexpr Statement insert_product{
    "test.products.insert",
    "INSERT INTO products (id, tenant_id, name, price) VALUES ($1, $2, $3, $4) RETURNING id"};
constexpr Statement count_products{"test.products.count", "SELECT count(*) FROM products"};

std::optional<Product> decode_product(const Result& r) {
  if (r.empty()) return std::nullopt;
  Row row = r[0];
  return Product{row.get<Uuid>(0), row.get<Uuid>(1), row.get<std::string>(2), row.get<Decimal>(3),
                 row.get<Timestamp>(4)};
}

// What a generated repository's pipelined overload looks like.
Deferred<std::optional<Product>> find(Pipeline& p, Uuid tenant, Uuid id) {
  return p.add<std::optional<Product>>(find_product, Params::of(tenant, id), decode_product);
}
std::optional<Product> find(Connection& c, Uuid tenant, Uuid id) {
  return decode_product(c.execute(find_product, Params::of(tenant, id)));
}

class Pipelines : public tenantc::testing::DatabaseTest {
 protected:
  std::string migrations_dir() const override { return TEST_MIGRATIONS_DIR; }

  void SetUp() override {
    DatabaseTest::SetUp();
    std::vector<std::string> names;
    std::vector<Decimal> prices;
    for (int i = 0; i < 300; ++i) {
      ids_.push_back(Uuid::random());
      names.push_back("product \"" + std::to_string(i) + "\", {x}");
      prices.push_back(Decimal::parse(std::to_string(i) + ".5"));
    }
    // One round trip for all rows: arrays through unnest.
    auto r = conn().execute(insert_products, Params::of(tenant_, ids_, names, prices));
    ASSERT_EQ(r.affected_rows(), 300);
  }

  std::int64_t server_prepared(const std::string& name) {
    Statement s{"test.prepared_count",
                "SELECT count(*) FROM pg_prepared_statements WHERE name = $1"};
    return conn().execute(s, Params::of(name))[0].get<std::int64_t>(0);
  }

  Uuid tenant_ = Uuid::random();
  std::vector<Uuid> ids_;
};

TEST_F(Pipelines, ThreeHundredFindsEqualTheSequentialResults) {
  std::vector<Uuid> wanted = ids_;
  for (int i = 0; i < 10; ++i) wanted.push_back(Uuid::random());  // misses
  Pipeline p(conn());
  std::vector<Deferred<std::optional<Product>>> deferred;
  for (const Uuid& id : wanted) deferred.push_back(find(p, tenant_, id));
  // Another tenant's key finds nothing even for an existing id.
  auto other_tenant = find(p, Uuid::random(), ids_[0]);
  EXPECT_FALSE(deferred[0].ready());
  EXPECT_EQ(p.queued(), wanted.size() + 1);
  p.run();
  EXPECT_TRUE(p.succeeded());
  EXPECT_EQ(p.queued(), 0u);

  std::size_t found = 0;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    ASSERT_TRUE(deferred[i].ready());
    auto sequential = find(conn(), tenant_, wanted[i]);
    EXPECT_EQ(deferred[i].get(), sequential);
    if (sequential) ++found;
  }
  EXPECT_EQ(found, 300u);
  EXPECT_EQ(other_tenant.get(), std::nullopt);
  EXPECT_EQ(deferred[7].get()->name, "product \"7\", {x}");
  EXPECT_EQ(deferred[7].get()->price.to_string(), "7.50");
}

TEST_F(Pipelines, StatementsArePreparedOnce) {
  EXPECT_FALSE(conn().is_prepared(find_product.name));
  {
    Pipeline p(conn());
    for (const Uuid& id : ids_) find(p, tenant_, id);
    p.run();
  }
  EXPECT_TRUE(conn().is_prepared(find_product.name));
  EXPECT_EQ(server_prepared(std::string(find_product.name)), 1);
  {
    Pipeline p(conn());
    for (const Uuid& id : ids_) find(p, tenant_, id);
    p.run();
  }
  find(conn(), tenant_, ids_[0]);
  EXPECT_EQ(server_prepared(std::string(find_product.name)), 1);
  // insert_many, find, prepared_count itself.
  EXPECT_EQ(conn().execute("SELECT count(*) FROM pg_prepared_statements")[0].get<std::int64_t>(0),
            3);
  EXPECT_EQ(conn().prepared_count(), 3u);
}

TEST_F(Pipelines, AFailingStatementSurfacesInItsDeferred) {
  Pipeline p(conn());
  auto before = find(p, tenant_, ids_[1]);
  auto inserted =
      p.add<Uuid>(insert_product, Params::of(Uuid::random(), tenant_, "new", Decimal(1)),
                  [](Result&& r) { return r[0].get<Uuid>(0); });
  auto duplicate = p.add<Uuid>(insert_product, Params::of(ids_[2], tenant_, "dup", Decimal(1)),
                               [](Result&& r) { return r[0].get<Uuid>(0); });
  auto after = find(p, tenant_, ids_[3]);
  auto count = p.add(count_products);
  p.run();

  EXPECT_FALSE(p.succeeded());
  EXPECT_EQ(before.get()->id, ids_[1]);
  EXPECT_FALSE(inserted.failed());
  EXPECT_TRUE(duplicate.failed());
  try {
    duplicate.get();
    FAIL() << "no error";
  } catch (const UniqueViolation& e) {
    EXPECT_EQ(e.constraint(), "products_pkey");
  }
  EXPECT_THROW(after.get(), PipelineAborted);
  try {
    count.get();
    FAIL() << "no error";
  } catch (const PipelineAborted& e) {
    EXPECT_NE(std::string(e.what()).find("duplicate key"), std::string::npos) << e.what();
  }
  // One implicit transaction up to the Sync: the insert that had succeeded is rolled back too.
  EXPECT_EQ(conn().execute(count_products)[0].get<std::int64_t>(0), 300);
  // The connection is back in normal mode; the skipped statement's preparation is redone.
  EXPECT_EQ(conn().execute(count_products)[0].get<std::int64_t>(0), 300);
  EXPECT_TRUE(conn().is_prepared(count_products.name));
}

TEST_F(Pipelines, BadSqlFailsOnlyFromItsStatementOn) {
  Pipeline p(conn());
  auto first = find(p, tenant_, ids_[0]);
  auto bad = p.add(Statement{"test.bad", "SELEC 1"});
  auto last = find(p, tenant_, ids_[1]);
  p.run();
  EXPECT_TRUE(first.get().has_value());
  try {
    bad.get();
    FAIL() << "no error";
  } catch (const DbError& e) {
    EXPECT_EQ(e.sqlstate(), "42601");
  }
  EXPECT_THROW(last.get(), PipelineAborted);
  EXPECT_FALSE(conn().is_prepared("test.bad"));
}

TEST_F(Pipelines, DeferredBeforeRunAndDiscardedPipelines) {
  Deferred<std::optional<Product>> never;
  EXPECT_THROW(never.get(), std::logic_error);
  {
    Pipeline p(conn());
    never = find(p, tenant_, ids_[0]);
    EXPECT_THROW(never.get(), std::logic_error);
  }  // discarded, never sent
  EXPECT_FALSE(never.ready());
  EXPECT_THROW(never.get(), std::logic_error);
  EXPECT_FALSE(conn().is_prepared(find_product.name));
}

TEST_F(Pipelines, DecoderErrorsAndReuse) {
  Pipeline p(conn());
  p.run();  // nothing queued: nothing happens
  auto wrong = p.add<std::int32_t>(count_products, {}, [](Result&& r) {
    return r[0].get<std::int32_t>(5);  // no such column
  });
  auto copy = wrong;
  p.run();
  EXPECT_FALSE(p.succeeded());
  EXPECT_THROW(copy.get(), std::out_of_range);
  auto right =
      p.add<std::int64_t>(count_products, {}, [](Result&& r) { return r[0].get<std::int64_t>(0); });
  p.run();
  EXPECT_TRUE(p.succeeded());
  EXPECT_EQ(right.get(), 300);
  EXPECT_THROW(p.add(Statement{count_products.name, "SELECT 2"}), std::logic_error);
  p.add(Statement{"test.fresh", "SELECT 1"});
  EXPECT_THROW(p.add(Statement{"test.fresh", "SELECT 2"}), std::logic_error);
}

TEST_F(Pipelines, InsideATransaction) {
  {
    Transaction tx(conn());
    Pipeline p(conn());
    for (int i = 0; i < 5; ++i) {
      p.add(insert_product, Params::of(Uuid::random(), tenant_, "tx", Decimal(i)));
    }
    p.run();
    EXPECT_TRUE(p.succeeded());
    tx.commit();
  }
  EXPECT_EQ(conn().execute(count_products)[0].get<std::int64_t>(0), 305);
  {
    Transaction tx(conn());
    Pipeline p(conn());
    p.add(insert_product, Params::of(Uuid::random(), tenant_, "tx", Decimal(1)));
    p.add(insert_product, Params::of(ids_[0], tenant_, "dup", Decimal(1)));
    p.run();
    EXPECT_THROW(tx.commit(), DbError);  // aborted by the failed statement
  }
  EXPECT_EQ(conn().execute(count_products)[0].get<std::int64_t>(0), 305);
}

TEST_F(Pipelines, ALostConnectionFailsTheRestAndRunThrows) {
  Connection victim = database().connect();
  Transaction tx(victim);
  Pipeline p(victim);
  auto first = find(p, tenant_, ids_[0]);
  auto fatal = p.add(Statement{"test.suicide", "SELECT pg_terminate_backend(pg_backend_pid())"});
  auto last = find(p, tenant_, ids_[1]);
  EXPECT_THROW(p.run(), ConnectionError);
  EXPECT_TRUE(first.get().has_value());
  EXPECT_THROW(fatal.get(), ConnectionError);
  EXPECT_THROW(last.get(), ConnectionError);
  EXPECT_THROW(victim.execute("SELECT 1"), ConnectionError);
}  // the Transaction's rollback on a dead connection stays quiet

TEST_F(Pipelines, LargePipelinesDoNotDeadlock) {
  // Megabytes each way: more than the socket buffers hold, so libpq must read results while it
  // is still sending.
  Statement echo{"test.echo", "SELECT $1::text || repeat('y', 4000)"};
  std::string payload(2000, 'x');
  Pipeline p(conn());
  std::vector<Deferred<std::size_t>> sizes;
  for (int i = 0; i < 3000; ++i) {
    sizes.push_back(p.add<std::size_t>(echo, Params::of(payload + std::to_string(i)),
                                       [](Result&& r) { return r[0].get<std::string>(0).size(); }));
  }
  p.run();
  EXPECT_TRUE(p.succeeded());
  EXPECT_EQ(sizes.front().get(), 6001u);
  EXPECT_EQ(sizes.back().get(), 6004u);
}

}  // namespace
