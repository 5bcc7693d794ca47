// Every repository method of warehouse.products against a real PostgreSQL, with nullable,
// money, jsonb, array and ref columns round-tripping exactly.
#include <set>

#include "fixture.hpp"

namespace repos_test {
namespace {

using db::warehouse::NewProduct;
using db::warehouse::Product;
using db::warehouse::ProductRepository;

class Products : public RepositoryTest {};

TEST_F(Products, CreateFillsDefaultsAndRoundTripsEveryColumn) {
  auto t = tenant("acme");
  auto u = unit(t);
  auto actor = user(t, "ann@example.com");
  ProductRepository repo(conn());
  Product p = repo.create(t,
                         {.sku = "SKU-1",
                          .name = "Widget \"deluxe\", {1}",
                          .unit_id = u,
                          .price = dec("12.50"),
                          .tags = std::vector<std::string>{"a b", "c,d", "e\"f", "g\\h", "{}"},
                          .metadata = tenantc::Json(R"({"color": "red", "n": [1, 2]})")},
                         actor);
  EXPECT_EQ(p.tenant_id, t);
  EXPECT_EQ(p.sku, "SKU-1");
  EXPECT_EQ(p.name, "Widget \"deluxe\", {1}");
  EXPECT_EQ(p.price.to_string(), "12.50");
  EXPECT_FALSE(p.cost.has_value());
  EXPECT_TRUE(p.is_active);  // the column default
  ASSERT_TRUE(p.tags.has_value());
  EXPECT_EQ(*p.tags, (std::vector<std::string>{"a b", "c,d", "e\"f", "g\\h", "{}"}));
  EXPECT_EQ(p.metadata.text(), R"({"n": [1, 2], "color": "red"})");  // jsonb's own key order
  EXPECT_EQ(p.created_by, actor);
  EXPECT_EQ(p.updated_by, actor);
  EXPECT_FALSE(p.deleted_at.has_value());

  auto found = repo.find(t, p.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->name, p.name);
  EXPECT_EQ(found->created_at, p.created_at);
  EXPECT_EQ(found->tags, p.tags);

  Product defaults = repo.create(t, {.sku = "SKU-2", .name = "Plain", .unit_id = u});
  EXPECT_EQ(defaults.price.to_string(), "0.00");  // money: NOT NULL DEFAULT 0.00
  EXPECT_EQ(defaults.metadata.text(), "{}");
  EXPECT_FALSE(defaults.tags.has_value());
  EXPECT_FALSE(defaults.created_by.has_value());
}

TEST_F(Products, GivenIdIsKept) {
  auto t = tenant("acme");
  ProductRepository repo(conn());
  db::warehouse::ProductId id(tenantc::Uuid::random());
  auto p = repo.create(t, {.id = id, .sku = "X", .name = "X", .unit_id = unit(t)});
  EXPECT_EQ(p.id, id);
}

TEST_F(Products, CreateManyKeepsInputOrderAndDefaults) {
  auto t = tenant("acme");
  auto u = unit(t);
  auto cat = category(t, "tools");
  ProductRepository repo(conn());
  std::vector<NewProduct> rows;
  for (int i = 0; i < 500; ++i) {
    NewProduct n{.sku = "S" + std::to_string(i), .name = "P" + std::to_string(i), .unit_id = u};
    if (i % 2 == 0) n.category_id = cat;
    if (i % 3 == 0) n.price = dec("1.25");
    if (i % 5 == 0) n.tags = std::vector<std::string>{"x", "y, z"};
    if (i % 7 == 0) n.metadata = tenantc::Json(R"({"i": 1})");
    rows.push_back(n);
  }
  auto ids = repo.create_many(t, rows);
  ASSERT_EQ(ids.size(), rows.size());
  auto stored = repo.find_many(t, ids);
  ASSERT_EQ(stored.size(), rows.size());
  std::map<db::warehouse::ProductId, Product> by_id;
  for (auto& p : stored) by_id.emplace(p.id, p);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto& p = by_id.at(ids[i]);
    EXPECT_EQ(p.sku, rows[i].sku);
    EXPECT_EQ(p.category_id, rows[i].category_id);
    EXPECT_EQ(p.price.to_string(), i % 3 == 0 ? "1.25" : "0.00");
    EXPECT_EQ(p.tags, rows[i].tags);
    EXPECT_EQ(p.metadata.text(), i % 7 == 0 ? R"({"i": 1})" : "{}");
  }
  EXPECT_EQ(repo.count(t), 500);
  EXPECT_TRUE(repo.create_many(t, std::span<const NewProduct>{}).empty());
}

TEST_F(Products, FindByUniqueColumnAndListByRef) {
  auto t = tenant("acme");
  auto u = unit(t);
  auto tools = category(t, "tools");
  ProductRepository repo(conn());
  auto a = repo.create(t, {.sku = "A", .name = "A", .category_id = tools, .unit_id = u});
  auto b = repo.create(t, {.sku = "B", .name = "B", .unit_id = u});
  EXPECT_EQ(repo.find_by_sku(t, "A")->id, a.id);
  EXPECT_FALSE(repo.find_by_sku(t, "nope").has_value());

  auto in_tools = repo.list_by_category(t, tools);
  ASSERT_EQ(in_tools.items.size(), 1u);
  EXPECT_EQ(in_tools.items[0].id, a.id);
  auto uncategorised = repo.list_by_category(t, std::nullopt);
  ASSERT_EQ(uncategorised.items.size(), 1u);
  EXPECT_EQ(uncategorised.items[0].id, b.id);
  EXPECT_EQ(repo.list_by_unit(t, u).items.size(), 2u);
}

TEST_F(Products, UpdateSetsEveryWritableColumnAndUpdatedAt) {
  auto t = tenant("acme");
  auto actor = user(t, "bob@example.com");
  ProductRepository repo(conn());
  auto p = repo.create(t, {.sku = "A", .name = "A", .unit_id = unit(t), .tags = std::vector<std::string>{"x"}});
  Product changed = p;
  changed.name = "Renamed";
  changed.cost = dec("3.10");
  changed.tags = std::nullopt;
  changed.is_active = false;
  auto stored = repo.update(t, changed, actor);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->name, "Renamed");
  EXPECT_EQ(stored->cost->to_string(), "3.10");
  EXPECT_FALSE(stored->tags.has_value());
  EXPECT_FALSE(stored->is_active);
  EXPECT_GE(stored->updated_at, p.updated_at);
  EXPECT_EQ(stored->updated_by, actor);
  EXPECT_EQ(stored->created_by, p.created_by);
  EXPECT_EQ(stored->created_at, p.created_at);
}

TEST_F(Products, UpdateIfUnchangedDetectsAConcurrentWrite) {
  auto t = tenant("acme");
  ProductRepository repo(conn());
  auto p = repo.create(t, {.sku = "A", .name = "A", .unit_id = unit(t)});
  conn().execute("SELECT pg_sleep(0.002)");
  Product first = p;
  first.name = "first";
  auto stored = repo.update_if_unchanged(t, first);
  ASSERT_TRUE(stored.has_value());
  Product stale = p;  // still carries the old updated_at
  stale.name = "second";
  EXPECT_FALSE(repo.update_if_unchanged(t, stale).has_value());
  EXPECT_EQ(repo.find(t, p.id)->name, "first");
  Product fresh = *stored;
  fresh.name = "third";
  EXPECT_TRUE(repo.update_if_unchanged(t, fresh).has_value());
}

TEST_F(Products, SoftDeleteHidesRestoreReturnsPurgeRemoves) {
  auto t = tenant("acme");
  ProductRepository repo(conn());
  auto p = repo.create(t, {.sku = "A", .name = "A", .unit_id = unit(t)});
  EXPECT_TRUE(repo.soft_delete(t, p.id));
  EXPECT_FALSE(repo.soft_delete(t, p.id));  // already deleted
  EXPECT_FALSE(repo.find(t, p.id).has_value());
  EXPECT_FALSE(repo.find_by_sku(t, "A").has_value());
  EXPECT_TRUE(repo.list(t).items.empty());
  EXPECT_EQ(repo.count(t), 0);
  Product renamed = p;
  renamed.name = "ghost";
  EXPECT_FALSE(repo.update(t, renamed).has_value());  // no live row
  EXPECT_TRUE(repo.restore(t, p.id));
  EXPECT_FALSE(repo.restore(t, p.id));  // already live
  EXPECT_EQ(repo.find(t, p.id)->name, "A");
  EXPECT_TRUE(repo.soft_delete(t, p.id));
  EXPECT_TRUE(repo.purge(t, p.id));  // a soft-deleted row can be purged
  EXPECT_FALSE(repo.purge(t, p.id));
  EXPECT_FALSE(repo.restore(t, p.id));
}

TEST_F(Products, ADeletedRowNeverBlocksANewOneButRestoreChecksUniqueness) {
  auto t = tenant("acme");
  auto u = unit(t);
  ProductRepository repo(conn());
  auto old = repo.create(t, {.sku = "A", .name = "old", .unit_id = u});
  repo.soft_delete(t, old.id);
  auto fresh = repo.create(t, {.sku = "A", .name = "new", .unit_id = u});  // sku free among live rows
  EXPECT_EQ(repo.find_by_sku(t, "A")->id, fresh.id);
  EXPECT_THROW(repo.restore(t, old.id), tenantc::UniqueViolation);
}

TEST_F(Products, PipelinedCallsMatchOneAtATimeCalls) {
  auto t = tenant("acme");
  auto u = unit(t);
  ProductRepository repo(conn());
  std::vector<NewProduct> rows;
  for (int i = 0; i < 300; ++i) rows.push_back({.sku = "S" + std::to_string(i), .name = "P" + std::to_string(i), .unit_id = u});
  auto ids = repo.create_many(t, rows);
  ids.push_back(db::warehouse::ProductId(tenantc::Uuid::random()));  // one that does not exist

  tenantc::Pipeline pipe(conn());
  std::vector<tenantc::Deferred<std::optional<Product>>> found;
  for (const auto& id : ids) found.push_back(repo.find(pipe, t, id));
  pipe.run();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto direct = repo.find(t, ids[i]);
    ASSERT_EQ(found[i].get().has_value(), direct.has_value());
    if (direct) EXPECT_EQ(found[i].get()->sku, direct->sku);
  }

  tenantc::Pipeline writes(conn());
  std::vector<tenantc::Deferred<std::optional<Product>>> updated;
  for (std::size_t i = 0; i < 100; ++i) {
    Product p = *found[i].get();
    p.name = "updated";
    updated.push_back(repo.update(writes, t, p));
  }
  auto deleted = repo.soft_delete(writes, t, ids[200]);
  writes.run();
  for (const auto& d : updated) EXPECT_EQ(d.get()->name, "updated");
  EXPECT_TRUE(deleted.get());
  EXPECT_EQ(repo.count(t), 299);
}

}  // namespace
}  // namespace repos_test
