// Tenant isolation: with rows of two tenants, no method called with tenant A reads, counts,
// changes or deletes a row of tenant B, and the database refuses a ref into B.
#include "fixture.hpp"

namespace repos_test {
namespace {

using db::warehouse::ProductRepository;

class Isolation : public RepositoryTest {};

TEST_F(Isolation, NoMethodReachesAnotherTenantsRows) {
  auto a = tenant("a");
  auto b = tenant("b");
  ProductRepository repo(conn());
  auto cat_b = category(b, "tools");
  auto pa = repo.create(a, {.sku = "SAME", .name = "of A", .unit_id = unit(a)});
  auto pb = repo.create(b, {.sku = "SAME", .name = "of B", .category_id = cat_b, .unit_id = unit(b)});

  EXPECT_FALSE(repo.find(a, pb.id).has_value());
  EXPECT_TRUE(repo.find_many(a, std::vector{pb.id}).empty());
  EXPECT_EQ(repo.find_by_sku(a, "SAME")->id, pa.id);
  for (const auto& p : repo.list(a).items) EXPECT_EQ(p.tenant_id, a);
  EXPECT_TRUE(repo.list_by_category(a, cat_b).items.empty());
  EXPECT_EQ(repo.count(a), 1);

  auto forged = pb;
  forged.name = "taken over";
  EXPECT_FALSE(repo.update(a, forged).has_value());
  EXPECT_FALSE(repo.update_if_unchanged(a, forged).has_value());
  EXPECT_FALSE(repo.soft_delete(a, pb.id));
  EXPECT_FALSE(repo.purge(a, pb.id));
  ASSERT_TRUE(repo.soft_delete(b, pb.id));
  EXPECT_FALSE(repo.restore(a, pb.id));

  tenantc::Pipeline pipe(conn());
  auto found = repo.find(pipe, a, pb.id);
  auto purged = repo.purge(pipe, a, pb.id);
  pipe.run();
  EXPECT_FALSE(found.get().has_value());
  EXPECT_FALSE(purged.get());

  ASSERT_TRUE(repo.restore(b, pb.id));
  auto still = repo.find(b, pb.id);
  ASSERT_TRUE(still.has_value());
  EXPECT_EQ(still->name, "of B");
  EXPECT_EQ(repo.count(b), 1);
}

TEST_F(Isolation, ARefIntoAnotherTenantIsRefusedByTheDatabase) {
  auto a = tenant("a");
  auto b = tenant("b");
  auto cat_b = category(b, "tools");
  ProductRepository repo(conn());
  EXPECT_THROW(repo.create(a, {.sku = "X", .name = "X", .category_id = cat_b, .unit_id = unit(a)}),
               tenantc::ForeignKeyViolation);
  EXPECT_THROW(repo.create_many(a, std::vector<db::warehouse::NewProduct>{
                                       {.sku = "Y", .name = "Y", .category_id = cat_b, .unit_id = unit(a, "kg")}}),
               tenantc::ForeignKeyViolation);
  // An actor of another tenant is refused too: created_by is a composite key.
  auto other_user = user(b, "eve@example.com");
  EXPECT_THROW(repo.create(a, {.sku = "Z", .name = "Z", .unit_id = unit(a, "m")}, other_user),
               tenantc::ForeignKeyViolation);
  EXPECT_EQ(repo.count(a), 0);
}

TEST_F(Isolation, DeletingATenantTakesItsRowsAlong) {
  auto a = tenant("a");
  auto b = tenant("b");
  ProductRepository repo(conn());
  repo.create(a, {.sku = "A", .name = "A", .unit_id = unit(a)});
  repo.create(b, {.sku = "B", .name = "B", .unit_id = unit(b)});
  EXPECT_TRUE(db::core::TenantRepository(conn()).purge(tenantc::unscoped, a));
  EXPECT_EQ(repo.count(a), 0);
  EXPECT_EQ(repo.count(b), 1);
}

}  // namespace
}  // namespace repos_test
