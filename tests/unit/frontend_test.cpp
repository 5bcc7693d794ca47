// The YAML front end and resolver: locations, every error kind, all errors in one run.
#include <gtest/gtest.h>

#include <map>

#include "test_support.hpp"

using tenantc::testing::compile;
using tenantc::testing::compile_one;

namespace {
const tenantc::model::Field* field(const tenantc::model::Project& p, const std::string& table, const std::string& name) {
  return p.entity(table)->field(name);
}
}  // namespace

TEST(Frontend, ImpliedColumnsAreAddedInOrder) {
  auto c = compile_one(R"y(module: shop
entities:
  products:
    fields:
      name: string(255)
      price: money
)y");
  ASSERT_TRUE(c.ok()) << c.errors();
  const auto* e = c.project->entity("products");
  std::vector<std::string> names;
  for (const auto& f : e->fields) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"id", "tenant_id", "name", "price", "created_at", "updated_at",
                                             "created_by", "updated_by", "deleted_at"}));
  EXPECT_EQ(*field(*c.project, "products", "price")->default_sql, "0.00");
  EXPECT_EQ(e->cpp_name, "Product");
  EXPECT_FALSE(c.project->entity("tenants")->tenant);
}

TEST(Frontend, FieldFormsAndDefaults) {
  auto c = compile_one(R"y(module: shop
enums:
  state: [draft, live]
entities:
  things:
    fields:
      a: int?
      b: { type: "decimal(10,3)", optional: true }
      c: decimal(8,2)
      d: { type: state, default: live }
      e: { type: jsonb, default: {} }
      f: { type: "text[]", default: [x, "y z"] }
      g: { type: bool, default: false }
      h: { type: date, default_sql: CURRENT_DATE }
      i: { type: money, default: 5 }
      j: { type: string(10), default: "null" }
)y");
  ASSERT_TRUE(c.ok()) << c.errors();
  const auto& p = *c.project;
  EXPECT_TRUE(field(p, "things", "a")->nullable);
  EXPECT_EQ(field(p, "things", "b")->type.sql(), "numeric(10,3)");
  EXPECT_EQ(field(p, "things", "c")->type.sql(), "numeric(8,2)");
  EXPECT_EQ(*field(p, "things", "d")->default_sql, "'live'");
  EXPECT_EQ(*field(p, "things", "e")->default_sql, "'{}'::jsonb");
  EXPECT_EQ(*field(p, "things", "f")->default_sql, "'{\"x\",\"y z\"}'::text[]");
  EXPECT_EQ(*field(p, "things", "g")->default_sql, "false");
  EXPECT_EQ(*field(p, "things", "h")->default_sql, "CURRENT_DATE");
  EXPECT_EQ(*field(p, "things", "i")->default_sql, "5.00");
  EXPECT_EQ(*field(p, "things", "j")->default_sql, "'null'");
}

TEST(Frontend, EnumValuesAreTakenAsWritten) {
  auto c = compile_one(R"y(module: shop
enums:
  answer: [yes, no, on, off, null]
entities:
  things:
    fields:
      a: answer
)y");
  ASSERT_TRUE(c.ok()) << c.errors();
  EXPECT_EQ(c.project->enum_type("answer")->values, (std::vector<std::string>{"yes", "no", "on", "off", "null"}));
}

TEST(Frontend, EnumRenameHintsInFlowAndBlockForm) {
  auto c = compile_one(R"y(module: shop
enums:
  order_status:
    values: [pending, { name: done, renamed_from: completed }, cancelled]
    renamed_from: old_status
    description: States.
  kind:
    - a
    - name: b
      renamed_from: bee
    - { name: c }
entities:
  things:
    fields:
      s: { type: order_status, default: done }
      k: kind
)y");
  ASSERT_TRUE(c.ok()) << c.errors();
  const auto* e = c.project->enum_type("order_status");
  EXPECT_EQ(e->values, (std::vector<std::string>{"pending", "done", "cancelled"}));
  EXPECT_EQ(e->renamed_from, "old_status");
  EXPECT_EQ(e->description, "States.");
  EXPECT_EQ(e->value_renamed_from, (std::map<std::string, std::string>{{"done", "completed"}}));
  const auto* k = c.project->enum_type("kind");
  EXPECT_EQ(k->values, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(k->renamed_from, "");
  EXPECT_EQ(k->value_renamed_from, (std::map<std::string, std::string>{{"b", "bee"}}));
}

TEST(Frontend, EnumRenameHintErrorsAreAllReported) {
  auto c = compile_one(R"y(module: shop
enums:
  a: [x, { name: y, renamed_from: x }]
  b: [{ name: p, renamed_form: q }]
  c: [{ renamed_from: q }, [m], n]
  d: [{ name: p, renamed_from: Q-1 }, { name: r, renamed_from: z }, { name: s, renamed_from: z }]
  e: { values: [m], renamed_from: a }
  f: { values: [m], renamed_from: f }
  g: { values: [m], renamed_from: old }
  h: { values: [m], renamed_from: old }
  i: { values: [m], renamed_from: Old }
  j: [{ name: , renamed_from: q }, m]
entities:
  things:
    fields:
      name: text
)y");
  auto text = c.errors();
  for (const char* want : {
           "3:35: error: renamed_from 'x' of enum value 'y' is still a value of enum 'a'",
           "4:18: error: unknown key 'renamed_form' in an enum value; valid keys: name, renamed_from",
           "5:7: error: an enum value written as a mapping needs `name`",
           "5:28: error: an enum value must be a name or { name: ..., renamed_from: ... }, not a list",
           "6:32: error: renamed_from 'Q-1' is not a lowercase identifier",
           "6:94: error: renamed_from 'z' is given twice in enum 'd' (first at 6:64)",
           "7:35: error: renamed_from 'a' is the name of a table or enum type declared at schemas/b_main.yaml:3:3",
           "8:35: error: enum 'f' cannot be renamed from its own name",
           "10:35: error: enum renamed_from 'old' is also given at schemas/b_main.yaml:9:35",
           "11:35: error: renamed_from 'Old' is not a lowercase snake_case identifier",
           "12:9: error: name needs a value",
       })
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
  EXPECT_EQ(c.diags.error_count(), 11u) << text;
}

// A hint naming a current name would match by name and do nothing, so two names swapped
// through renamed_from would silently stay as they were; a stale hint left after a name was
// reused is refused the same way, with the way out in the message.
TEST(Frontend, FieldAndEntityRenameHintsMayNotNameACurrentName) {
  auto c = compile_one(R"y(module: shop
entities:
  items:
    fields:
      b: { type: int, renamed_from: a }
      a: int
  orders:
    renamed_from: items
    fields:
      total: int
)y");
  auto text = c.errors();
  for (const char* want : {
           "5:37: error: renamed_from 'a' of field 'b' is the name of a field declared at 6:7",
           "to swap two names, rename through a temporary name in two edits",
           "8:19: error: renamed_from 'items' is the name of a table or enum type declared at schemas/b_main.yaml:3:3",
       })
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
  EXPECT_EQ(c.diags.error_count(), 2u) << text;
}

TEST(Frontend, ErrorsCarryFileLineAndColumn) {
  auto c = compile_one("module: shop\nentities:\n  things:\n    fields:\n      a: intt\n");
  EXPECT_EQ(c.errors().substr(0, 40), "schemas/b_main.yaml:5:10: error: unknown");
}

TEST(Frontend, AllErrorsAreReportedInOneRun) {
  auto c = compile_one(R"y(module: shop
entities:
  things:
    fields:
      a: intt
      b: { type: int, optinal: true }
      order: text
      c: { type: int, default: abc }
      d: { type: "int?", default: 1 }
)y");
  auto text = c.errors();
  EXPECT_NE(text.find("5:10: error: unknown type 'intt'"), std::string::npos) << text;
  EXPECT_NE(text.find("6:23: error: unknown key 'optinal'"), std::string::npos) << text;
  EXPECT_NE(text.find("7:7: error: field name 'order' is a reserved word"), std::string::npos) << text;
  EXPECT_NE(text.find("8:32: error: default for 'c' (integer) 'abc' is not an integer"), std::string::npos) << text;
  EXPECT_NE(text.find("9:35: error: field 'd' is optional and has a default"), std::string::npos) << text;
  EXPECT_EQ(c.diags.error_count(), 5u) << text;
}

TEST(Frontend, SplitTypeInFlowMappingSaysToQuote) {
  auto c = compile_one("module: shop\nentities:\n  things:\n    fields:\n      w: { type: decimal(10,3) }\n");
  EXPECT_NE(c.errors().find("quote"), std::string::npos) << c.errors();
}

TEST(Frontend, DuplicateKeysAreReported) {
  auto c = compile_one("module: shop\nentities:\n  things:\n    fields:\n      a: int\n      a: text\n");
  EXPECT_NE(c.errors().find("6:7: error: duplicate key 'a'"), std::string::npos) << c.errors();
}

TEST(Frontend, RefsBetweenTenantEntitiesAreComposite) {
  auto c = compile_one(R"y(module: shop
entities:
  categories:
    fields:
      title: string(100)
  products:
    fields:
      category_id: { ref: categories, optional: true, on_delete: set_null }
)y");
  ASSERT_TRUE(c.ok()) << c.errors();
  const auto* f = field(*c.project, "products", "category_id");
  ASSERT_TRUE(f->ref);
  EXPECT_TRUE(f->ref->same_tenant);
  EXPECT_EQ(f->ref->on_delete, tenantc::model::OnDelete::SetNull);
}

TEST(Frontend, TenancyRulesForRefs) {
  auto c = compile({{"a_core.yaml", R"y(module: core
entities:
  tenants:
    tenant: false
    fields:
      owner_id: { ref: users }
  organizations:
    tenant: false
    fields:
      name: text
  users:
    fields:
      email: text
)y"},
                    {"b_org.yaml", R"y(module: org
tenancy: { column: organization_id, table: organizations }
entities:
  notes:
    fields:
      author_id: { ref: core.users }
      must_set: { ref: notes, on_delete: set_null }
)y"}});
  auto text = c.errors();
  EXPECT_NE(text.find("a_core.yaml:6:24: error: system entity 'tenants' cannot ref tenant entity 'users'"), std::string::npos) << text;
  EXPECT_NE(text.find("b_org.yaml:6:25: error: ref from 'notes' (isolated by organization_id) to 'users'"), std::string::npos) << text;
  EXPECT_NE(text.find("b_org.yaml:7:42: error: on_delete: set_null needs an optional ref"), std::string::npos) << text;
}

TEST(Frontend, UndeclaredTenancyTable) {
  auto c = compile({{"m.yaml", "module: m\nentities:\n  things:\n    fields:\n      a: int\n"}},
                   "tenancy:\n  column: org_id\n  table: orgs\n");
  EXPECT_NE(c.errors().find("tenantc.yaml:1:1: error: tenancy table 'orgs' is not declared"), std::string::npos)
      << c.errors();
}

TEST(Frontend, ExpressionsAreParsedAsSingleExpressions) {
  auto c = compile_one(R"y(module: shop
entities:
  things:
    fields:
      a: { type: timestamp, default_sql: "now(); DROP TABLE things" }
      b: { type: int, default_sql: "(SELECT 1)" }
      c: { type: int, check: "nope > 0" }
      d: { type: int, generated: "a_total * 2" }
      e: { type: int, generated: "d + 1" }
      f: { type: timestamp, generated: "now()" }
    checks:
      bad: "1 FROM pg_class"
)y");
  auto text = c.errors();
  EXPECT_NE(text.find("5:42: error: default_sql 'now(); DROP TABLE things' is not a single SQL expression"), std::string::npos) << text;
  EXPECT_NE(text.find("6:36: error: default_sql cannot hold a subquery"), std::string::npos) << text;
  EXPECT_NE(text.find("7:30: error: check reads 'nope', which is not a column of things"), std::string::npos) << text;
  EXPECT_NE(text.find("8:34: error: generated expression reads 'a_total'"), std::string::npos) << text;
  EXPECT_NE(text.find("9:34: error: generated column 'e' reads generated column 'd'"), std::string::npos) << text;
  EXPECT_NE(text.find("10:40: error: generated expression calls now()"), std::string::npos) << text;
  EXPECT_NE(text.find("12:12: error: check '1 FROM pg_class' is not a single SQL expression"), std::string::npos) << text;
}

TEST(Frontend, NotSupportedYetSettings) {
  auto c = compile_one("module: shop\nentities:\n  things:\n    fields:\n      a: int\n",
                       "target: citus\nconventions:\n  rls: true\nmigrations:\n  format: golang-migrate\n");
  auto text = c.errors();
  EXPECT_NE(text.find("tenantc.yaml:1:9: error: target 'citus' is not supported yet"), std::string::npos) << text;
  EXPECT_NE(text.find("tenantc.yaml:3:8: error: rls: true is not supported yet"), std::string::npos) << text;
  // golang-migrate is supported since the integrity / golang-migrate change (cbbc877).
  EXPECT_EQ(text.find("golang-migrate"), std::string::npos) << text;
  EXPECT_EQ(c.diags.error_count(), 2u) << text;
}
