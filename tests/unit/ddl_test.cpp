// Catalog derivation and DDL emission: keys, tenant-safe foreign keys, derived indexes,
// cycles, Down order, and that every statement parses.
#include <gtest/gtest.h>

#include <algorithm>

#include "ddl.hpp"
#include "history.hpp"
#include "planner.hpp"
#include "schema_builder.hpp"
#include "sql_parser.hpp"
#include "test_support.hpp"

using namespace tenantc;
using tenantc::testing::compile_one;

namespace {

catalog::Schema schema_of(const std::string& module) {
  auto c = compile_one(module);
  EXPECT_TRUE(c.ok()) << c.errors();
  return build_schema(*c.project);
}

const catalog::Constraint* constraint(const catalog::Schema& s, const std::string& table, const std::string& name) {
  for (const auto& c : s.table(table)->constraints)
    if (c.name == name) return &c;
  return nullptr;
}

const catalog::Index* index(const catalog::Schema& s, const std::string& name) {
  for (const auto& i : s.indexes)
    if (i.name == name) return &i;
  return nullptr;
}

std::string all_up(const Plan& p) {
  std::string out;
  for (const auto& s : p.up()) out += s + ";\n";
  return out;
}

const char* kShop = R"y(module: shop
enums:
  order_status: [pending, done]
entities:
  categories:
    fields:
      title: { type: string(100), unique: true }
  products:
    description: Items a tenant sells.
    fields:
      name: { type: string(255), description: "It's the name." }
      sku: { type: string(64), unique: global }
      discount: percentage?
      status: { type: order_status, default: pending }
      metadata: { type: jsonb, default: {}, index: gin }
      category_id: { ref: categories, optional: true, on_delete: set_null }
    unique:
      - [name, category_id]
    indexes:
      - columns: [status, created_at desc]
        where: active
    checks:
      name_not_blank: "length(name) > 0"
)y";

}  // namespace

TEST(Ddl, PrimaryKeyLeadsWithTheTenant) {
  auto s = schema_of(kShop);
  EXPECT_EQ(constraint(s, "products", "products_pkey")->columns, (std::vector<std::string>{"tenant_id", "id"}));
  EXPECT_EQ(constraint(s, "tenants", "tenants_pkey")->columns, (std::vector<std::string>{"id"}));
}

TEST(Ddl, RefsAreCompositeAndSetNullKeepsTheTenant) {
  auto s = schema_of(kShop);
  const auto* fk = constraint(s, "products", "products_category_id_fkey");
  ASSERT_NE(fk, nullptr);
  EXPECT_EQ(ddl::constraint_clause(*fk),
            "CONSTRAINT products_category_id_fkey FOREIGN KEY (tenant_id, category_id) REFERENCES categories "
            "(tenant_id, id) ON DELETE SET NULL (category_id)");
  const auto* tenant_fk = constraint(s, "products", "products_tenant_id_fkey");
  EXPECT_EQ(ddl::constraint_clause(*tenant_fk),
            "CONSTRAINT products_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE");
}

TEST(Ddl, UniqueOnSoftDeleteEntitiesIsAPartialIndex) {
  auto s = schema_of(kShop);
  const auto* per_tenant = index(s, "products_tenant_id_name_category_id_key");
  ASSERT_NE(per_tenant, nullptr);
  EXPECT_EQ(ddl::create_index(*per_tenant),
            "CREATE UNIQUE INDEX products_tenant_id_name_category_id_key ON products (tenant_id, name, category_id) "
            "NULLS NOT DISTINCT WHERE deleted_at IS NULL");
  const auto* global = index(s, "products_sku_key");
  ASSERT_NE(global, nullptr);
  EXPECT_EQ(global->keys.size(), 1u);
}

TEST(Ddl, DerivedIndexes) {
  auto s = schema_of(kShop);
  EXPECT_EQ(ddl::create_index(*index(s, "products_tenant_id_created_at_id_idx")),
            "CREATE INDEX products_tenant_id_created_at_id_idx ON products (tenant_id, created_at DESC, id DESC) "
            "WHERE deleted_at IS NULL");
  EXPECT_EQ(ddl::create_index(*index(s, "products_tenant_id_category_id_created_at_id_idx")),
            "CREATE INDEX products_tenant_id_category_id_created_at_id_idx ON products (tenant_id, category_id, "
            "created_at DESC, id DESC)");
  EXPECT_EQ(ddl::create_index(*index(s, "products_metadata_idx")),
            "CREATE INDEX products_metadata_idx ON products USING gin (metadata)");
  // Declared btree indexes lead with the isolation column.
  EXPECT_EQ(ddl::create_index(*index(s, "products_tenant_id_status_created_at_idx")),
            "CREATE INDEX products_tenant_id_status_created_at_idx ON products (tenant_id, status, created_at DESC) "
            "WHERE deleted_at IS NULL");
  EXPECT_NE(index(s, "products_tenant_id_deleted_at_idx"), nullptr);
}

TEST(Ddl, NoIndexIsAPrefixOfAnotherWithTheSamePredicate) {
  auto s = schema_of(R"y(module: shop
entities:
  things:
    fields:
      a: int
      b: int
    indexes:
      - columns: [a]
      - columns: [a, b]
      - columns: [a]
        where: active
)y");
  std::vector<std::string> names;
  for (const auto& i : s.indexes)
    if (i.table == "things") names.push_back(i.name);
  EXPECT_EQ(std::count(names.begin(), names.end(), "things_tenant_id_a_idx"), 0) << "folded into (tenant_id, a, b)";
  EXPECT_NE(index(s, "things_tenant_id_a_b_idx"), nullptr);
  for (const auto& a : s.indexes)
    for (const auto& b : s.indexes) {
      if (&a == &b || a.table != b.table || a.unique || a.method != "btree" || b.method != "btree") continue;
      bool prefix = a.keys.size() <= b.keys.size() && std::equal(a.keys.begin(), a.keys.end(), b.keys.begin());
      EXPECT_FALSE(prefix && (a.where == b.where || b.where.empty())) << a.name << " is a prefix of " << b.name;
    }
}

TEST(Ddl, CyclicRefsBecomeConstraintsAddedAfterTheTables) {
  auto s = schema_of(R"y(module: shop
entities:
  a_things:
    fields:
      b_id: { ref: b_things, optional: true, on_delete: set_null }
  b_things:
    fields:
      a_id: { ref: a_things, optional: true, on_delete: set_null }
)y");
  auto plan = plan_create(s);
  auto up = plan.up();
  auto pos = [&](const std::string& prefix) {
    return std::find_if(up.begin(), up.end(), [&](const auto& x) { return x.rfind(prefix, 0) == 0; }) - up.begin();
  };
  EXPECT_LT(pos("CREATE TABLE a_things"), pos("CREATE TABLE b_things"));
  EXPECT_LT(pos("CREATE TABLE b_things"), pos("ALTER TABLE a_things ADD CONSTRAINT a_things_b_id_fkey"));
  auto down = plan.down();
  auto dpos = [&](const std::string& prefix) {
    return std::find_if(down.begin(), down.end(), [&](const auto& x) { return x.rfind(prefix, 0) == 0; }) - down.begin();
  };
  EXPECT_LT(dpos("ALTER TABLE a_things DROP CONSTRAINT a_things_b_id_fkey"), dpos("DROP TABLE b_things"));
  EXPECT_LT(dpos("DROP TABLE b_things"), dpos("DROP TABLE a_things"));
}

TEST(Ddl, FreshPlanCreatesEnumsTablesCommentsThenIndexesAndDownUndoesIt) {
  auto s = schema_of(kShop);
  auto plan = plan_create(s);
  auto text = all_up(plan);
  EXPECT_LT(text.find("CREATE TYPE order_status AS ENUM ('pending', 'done')"), text.find("CREATE TABLE"));
  EXPECT_NE(text.find("COMMENT ON TABLE products IS 'Items a tenant sells.'"), std::string::npos);
  EXPECT_NE(text.find("COMMENT ON COLUMN products.name IS 'It''s the name.'"), std::string::npos);
  EXPECT_NE(text.find("    CONSTRAINT products_discount_range CHECK (discount BETWEEN 0 AND 100)"), std::string::npos);
  EXPECT_NE(text.find("    CONSTRAINT name_not_blank CHECK (length(name) > 0)"), std::string::npos);
  EXPECT_NE(text.find("    metadata jsonb NOT NULL DEFAULT '{}'::jsonb,"), std::string::npos);
  auto down = plan.down();
  EXPECT_EQ(down.back(), "DROP TYPE order_status");
  EXPECT_EQ(down.front(), "DROP TABLE products");
  EXPECT_NO_THROW(verify_statements(plan.up()));
  EXPECT_NO_THROW(verify_statements(plan.down()));
}

TEST(Ddl, BrokenStatementsAreInternalErrors) {
  EXPECT_THROW(verify_statements({"CREATE TABLE (x int"}), InternalError);
}

TEST(History, SqlMigrateOrder) {
  EXPECT_TRUE(migration_less("changes-1700000000.sql", "changes-1700000001.sql"));
  EXPECT_TRUE(migration_less("2_b.sql", "10_a.sql"));
  EXPECT_TRUE(migration_less("10_a.sql", "changes-1.sql"));
}

TEST(History, CanonicalFormIgnoresLayout) {
  auto a = canonical_statements({"CREATE TABLE t (a int NOT NULL)"});
  auto b = canonical_statements({"create   table t\n(\n  a integer not null -- why\n)"});
  EXPECT_EQ(a, b);
  EXPECT_NE(a, canonical_statements({"CREATE TABLE t (a bigint NOT NULL)"}));
}

TEST(Sql, CanonicalExpressionsMeet) {
  EXPECT_EQ(sql::canonical_expression("a>0"), sql::canonical_expression("(a > 0)"));
  EXPECT_EQ(sql::canonical_expression("termination_date IS NULL OR termination_date >= hire_date"),
            sql::canonical_expression("((termination_date IS NULL) OR (termination_date >= hire_date))"));
  EXPECT_NE(sql::canonical_expression("a > 0"), sql::canonical_expression("a >= 0"));
  EXPECT_FALSE(sql::canonical_expression("a >").has_value());
}
