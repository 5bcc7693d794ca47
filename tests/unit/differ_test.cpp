// The differ: each change kind with its Up and Down SQL, and a seeded property test that
// replays plan_create(from) + Up (+ Down, + Up again) through compiler/replay and compares
// the catalogs with `to` (and `from`).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>

#include "differ.hpp"
#include "differ_scenarios.hpp"
#include "replay.hpp"
#include "schema_builder.hpp"
#include "test_support.hpp"

using namespace tenantc;
using Statements = std::vector<std::string>;

namespace {

const char* kSmallProject = "version: 1\nconventions:\n  audit: none\n  soft_delete: false\n";

catalog::Schema schema_of(const std::string& module, const std::string& project = "version: 1\n") {
  auto c = tenantc::testing::compile_one(module, project);
  EXPECT_TRUE(c.ok()) << c.errors() << module;
  if (!c.ok()) return {};
  return build_schema(*c.project);
}

catalog::Schema small(const std::string& module) { return schema_of(module, kSmallProject); }

std::string text(const Diff& d) {
  std::string out;
  for (std::size_t i = 0; i < d.migrations.size(); ++i) {
    const auto& m = d.migrations[i];
    out += "-- migration " + std::to_string(i + 1) + (m.notransaction ? " notransaction" : "") + ": " + m.purpose() +
           "\n-- up\n";
    for (const auto& s : m.up()) out += s + ";\n";
    out += "-- down\n";
    for (const auto& s : m.down()) out += s + ";\n";
  }
  for (const auto& s : d.destructive) out += "-- destructive: " + s + "\n";
  for (const auto& s : d.errors) out += "-- error: " + s + "\n";
  return out;
}

Statements up(const Diff& d, std::size_t i = 0) { return i < d.migrations.size() ? d.migrations[i].up() : Statements{}; }
Statements down(const Diff& d, std::size_t i = 0) {
  return i < d.migrations.size() ? d.migrations[i].down() : Statements{};
}

// A catalog as text, in an order that does not depend on how it was built: PostgreSQL
// appends added columns, replay appends objects in statement order.
std::string describe(catalog::Schema s) {
  canonicalize_expressions(s);
  std::ostringstream out;
  auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
  std::sort(s.enums.begin(), s.enums.end(), by_name);
  std::sort(s.tables.begin(), s.tables.end(), by_name);
  std::sort(s.indexes.begin(), s.indexes.end(), by_name);
  for (const auto& e : s.enums) {
    out << "enum " << e.name << " (";
    for (const auto& v : e.values) out << v << " ";
    out << ") " << e.comment << "\n";
  }
  for (auto t : s.tables) {
    std::sort(t.columns.begin(), t.columns.end(), by_name);
    std::sort(t.constraints.begin(), t.constraints.end(), by_name);
    out << "table " << t.name << " '" << t.comment << "'\n";
    for (const auto& c : t.columns)
      out << "  column " << c.name << " " << c.type << (c.not_null ? " not null" : "") << " default[" << c.default_expr
          << "] generated[" << c.generated << "] '" << c.comment << "'\n";
    for (const auto& c : t.constraints) {
      out << "  constraint " << c.name << " " << static_cast<int>(c.kind) << " (";
      for (const auto& x : c.columns) out << x << " ";
      out << ")" << (c.nulls_not_distinct ? " nnd" : "") << " " << c.ref_table << " (";
      for (const auto& x : c.ref_columns) out << x << " ";
      out << ") " << c.on_delete << " (";
      for (const auto& x : c.set_null_columns) out << x << " ";
      out << ") [" << c.expression << "]" << (c.valid ? "" : " not valid") << "\n";
    }
  }
  for (const auto& ix : s.indexes) {
    out << "index " << ix.name << " on " << ix.table << " " << ix.method << (ix.unique ? " unique" : "")
        << (ix.nulls_not_distinct ? " nnd" : "") << " (";
    for (const auto& k : ix.keys) out << k.column << (k.desc ? " desc" : "") << ", ";
    out << ") where [" << ix.where << "]\n";
  }
  return out.str();
}

catalog::Schema replayed(const Statements& statements, std::string* errors) {
  Diagnostics diags;
  auto s = replay_all(statements, diags);
  if (diags.has_errors()) {
    std::ostringstream o;
    diags.print(o);
    *errors += o.str();
  }
  return s;
}

Statements operator+(Statements a, const Statements& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// What every diff must satisfy: its statements parse; Up takes `from` to `to`; Down undoes
// Up exactly, migration by migration; Up after Down gives `to` again.
::testing::AssertionResult round_trips(const catalog::Schema& from, const catalog::Schema& to) {
  Diff d = diff(from, to);
  Statements base = plan_create(from).up(), all_up, all_down;
  for (const auto& m : d.migrations) all_up = all_up + m.up();
  for (auto it = d.migrations.rbegin(); it != d.migrations.rend(); ++it) all_down = all_down + it->down();
  std::string errors;
  try {
    verify_statements(all_up);
    verify_statements(all_down);
  } catch (const InternalError& e) {
    return ::testing::AssertionFailure() << e.message << "\n" << text(d);
  }
  const std::string want_from = describe(from), want_to = describe(to);
  auto fail = [&](const std::string& what, const std::string& want, const std::string& got) {
    return ::testing::AssertionFailure() << what << "\n" << errors << "--- want\n" << want << "--- got\n" << got
                                         << "--- diff\n" << text(d);
  };
  if (auto got = describe(replayed(base, &errors)); got != want_from || !errors.empty())
    return fail("replaying plan_create(from) does not give from", want_from, got);
  if (auto got = describe(replayed(base + all_up, &errors)); got != want_to || !errors.empty())
    return fail("Up does not give to", want_to, got);
  // Each migration's Down restores the state before its Up.
  Statements applied = base;
  std::vector<std::string> states = {want_from};
  for (const auto& m : d.migrations) {
    applied = applied + m.up();
    states.push_back(describe(replayed(applied, &errors)));
  }
  for (std::size_t i = d.migrations.size(); i-- > 0;) {
    applied = applied + d.migrations[i].down();
    if (auto got = describe(replayed(applied, &errors)); got != states[i] || !errors.empty())
      return fail("Down of migration " + std::to_string(i + 1) + " does not restore the state before it", states[i], got);
  }
  if (auto got = describe(replayed(applied + all_up, &errors)); got != want_to || !errors.empty())
    return fail("Up, Down, Up does not give to", want_to, got);
  if (!diff(to, to).empty()) return ::testing::AssertionFailure() << "diff(to, to) is not empty\n" << text(diff(to, to));
  // What the history replays to (canonical expressions, PostgreSQL's own spelling) meets
  // the YAML's catalog: nothing more to do.
  if (auto again = diff(replayed(base + all_up, &errors), to); !again.empty())
    return ::testing::AssertionFailure() << "diff(replayed Up, to) is not empty\n" << text(again) << "--- first diff\n" << text(d);
  return ::testing::AssertionSuccess();
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Property: random pairs of schemas derived from a base.

TEST(DifferProperty, RandomEditsRoundTrip) {
  namespace sc = tenantc::testing::scenarios;
  int checked = 0;
  for (unsigned seed = 1; seed <= 300; ++seed) {
    std::mt19937 rng(seed);
    sc::ModuleSpec from = sc::base_module();
    // A history of a few edits first, so that the pairs differ from the base too.
    for (int i = 0, n = static_cast<int>(rng() % 4); i < n; ++i) {
      sc::ModuleSpec next = from;
      sc::mutate(next, rng);
      if (tenantc::testing::compile_one(sc::render(next)).ok()) from = next;
    }
    sc::settle(from, rng);
    sc::ModuleSpec to = from;
    std::string edits;
    for (int i = 0, n = 1 + static_cast<int>(rng() % 3); i < n; ++i) {
      sc::ModuleSpec next = to;
      std::string what = sc::mutate(next, rng);
      if (tenantc::testing::compile_one(sc::render(next)).ok()) {
        to = next;
        edits += what + "; ";
      }
    }
    auto a = schema_of(sc::render(from)), b = schema_of(sc::render(to));
    EXPECT_TRUE(round_trips(a, b)) << "seed " << seed << ": " << edits << "\n" << sc::render(to);
    ++checked;
  }
  EXPECT_EQ(checked, 300);
}

// ---------------------------------------------------------------------------------------
// Each change kind: its Up and its Down, exactly. Small project settings (no audit columns,
// no soft delete) keep the catalogs short.

namespace {

const char* kItems = R"y(module: shop
entities:
  items:
    fields:
      sku: { type: string(20), unique: true }
      qty: { type: int, default: 0, check: "qty >= 0" }
      note: text?
)y";

const char* kInvoices = R"y(module: shop
enums:
  status: [draft, sent, paid]
entities:
  invoices:
    fields:
      status: { type: status, default: draft }
      history: status[]?
    indexes:
      - columns: [status]
        where: "status <> 'paid'"
    checks:
      not_draft_sent: "status <> 'draft' OR history IS NULL"
)y";

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

}  // namespace

TEST(Differ, SameCatalogsGiveNothing) {
  auto a = small(kItems);
  auto d = diff(a, a);
  EXPECT_TRUE(d.empty());
  EXPECT_TRUE(d.destructive.empty());
  EXPECT_TRUE(d.errors.empty());
  EXPECT_TRUE(diff(catalog::Schema{}, catalog::Schema{}).empty());
  // What replaying the history gives (canonical expressions) meets the YAML's catalog.
  std::string errors;
  EXPECT_TRUE(diff(replayed(plan_create(a).up(), &errors), a).empty());
  EXPECT_EQ(errors, "");
}

TEST(Differ, FormattingAndTypeSpellingAreNotChanges) {
  auto a = small(R"y(module: shop
entities:
  items:
    fields:
      qty: { type: int, check: "qty>0" }
      code: string(10)
)y");
  auto b = a;
  auto& items = const_cast<catalog::Table&>(*b.table("items"));
  for (auto& c : items.columns) {
    if (c.name == "qty") c.type = "int4";
    if (c.name == "code") c.type = "character varying(10)";
  }
  for (auto& c : items.constraints)
    if (c.kind == catalog::ConstraintKind::Check) c.expression = "((qty > 0))";
  EXPECT_TRUE(diff(a, b).empty()) << text(diff(a, b));
}

TEST(Differ, CreateTable) {
  auto a = small(kItems);
  auto b = small(std::string(kItems) + R"y(  boxes:
    description: Boxes.
    fields:
      item_id: { ref: items }
      label: string(10)
)y");
  auto d = diff(a, b);
  ASSERT_EQ(d.migrations.size(), 1u) << text(d);
  EXPECT_EQ(up(d), (Statements{
                       "CREATE TABLE boxes (\n"
                       "    id uuid NOT NULL DEFAULT gen_random_uuid(),\n"
                       "    tenant_id uuid NOT NULL,\n"
                       "    item_id uuid NOT NULL,\n"
                       "    label varchar(10) NOT NULL,\n"
                       "    CONSTRAINT boxes_pkey PRIMARY KEY (tenant_id, id),\n"
                       "    CONSTRAINT boxes_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,\n"
                       "    CONSTRAINT boxes_item_id_fkey FOREIGN KEY (tenant_id, item_id) REFERENCES items (tenant_id, id) ON "
                       "DELETE RESTRICT\n"
                       ")",
                       "COMMENT ON TABLE boxes IS 'Boxes.'",
                       "CREATE INDEX boxes_tenant_id_item_id_id_idx ON boxes (tenant_id, item_id, id DESC)"}));
  EXPECT_EQ(down(d), (Statements{"DROP TABLE boxes"}));
  EXPECT_FALSE(d.migrations[0].notransaction) << "a new table's indexes need no CONCURRENTLY";
  EXPECT_EQ(d.migrations[0].kinds, (std::vector<DiffKind>{DiffKind::CreateTable, DiffKind::CreateIndex}));
  EXPECT_EQ(d.migrations[0].purpose(), "create 1 table, create 1 index");
  EXPECT_TRUE(d.destructive.empty());
  EXPECT_TRUE(round_trips(a, b));
}

TEST(Differ, DropTableIsDestructiveAndItsDownBuildsItAgain) {
  auto a = small(std::string(kItems) + R"y(  boxes:
    fields:
      item_id: { ref: items }
      label: { type: string(10), description: "On the lid." }
)y");
  auto b = small(kItems);
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{"DROP TABLE boxes"}));
  EXPECT_EQ(down(d), (Statements{
                         "CREATE TABLE boxes (\n"
                         "    id uuid NOT NULL DEFAULT gen_random_uuid(),\n"
                         "    tenant_id uuid NOT NULL,\n"
                         "    item_id uuid NOT NULL,\n"
                         "    label varchar(10) NOT NULL,\n"
                         "    CONSTRAINT boxes_pkey PRIMARY KEY (tenant_id, id),\n"
                         "    CONSTRAINT boxes_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,\n"
                         "    CONSTRAINT boxes_item_id_fkey FOREIGN KEY (tenant_id, item_id) REFERENCES items (tenant_id, id) "
                         "ON DELETE RESTRICT\n"
                         ")",
                         "COMMENT ON COLUMN boxes.label IS 'On the lid.'",
                         "CREATE INDEX boxes_tenant_id_item_id_id_idx ON boxes (tenant_id, item_id, id DESC)"}));
  EXPECT_EQ(d.destructive, (std::vector<std::string>{"table boxes"}));
  EXPECT_TRUE(d.refused(DiffOptions{}));
  EXPECT_FALSE(d.refused(DiffOptions{.allow_destructive = true}));
  EXPECT_TRUE(round_trips(a, b));
}

TEST(Differ, DroppedTablesInACycleDropTheirForeignKeysFirst) {
  auto a = small(std::string(kItems) + R"y(  a_things:
    fields:
      b_id: { ref: b_things, optional: true, on_delete: set_null }
  b_things:
    fields:
      a_id: { ref: a_things, optional: true, on_delete: set_null }
)y");
  auto b = small(kItems);
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{"ALTER TABLE a_things DROP CONSTRAINT a_things_b_id_fkey", "DROP TABLE b_things",
                               "DROP TABLE a_things"}))
      << text(d);
  EXPECT_TRUE(round_trips(a, b));
  EXPECT_TRUE(round_trips(b, a));
}

TEST(Differ, RenameTableRenamesDerivedNames) {
  auto a = small(R"y(module: shop
entities:
  items:
    fields:
      sku: { type: string(20), unique: true }
  boxes:
    fields:
      item_id: { ref: items }
)y");
  auto b = small(R"y(module: shop
entities:
  products:
    renamed_from: items
    fields:
      sku: { type: string(20), unique: true }
  boxes:
    fields:
      item_id: { ref: products }
)y");
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{
                       "ALTER TABLE items RENAME TO products",
                       "ALTER TABLE products RENAME CONSTRAINT items_pkey TO products_pkey",
                       "ALTER TABLE products RENAME CONSTRAINT items_tenant_id_fkey TO products_tenant_id_fkey",
                       "ALTER TABLE products RENAME CONSTRAINT items_tenant_id_sku_key TO products_tenant_id_sku_key",
                   }));
  EXPECT_EQ(down(d), (Statements{
                         "ALTER TABLE products RENAME CONSTRAINT products_tenant_id_sku_key TO items_tenant_id_sku_key",
                         "ALTER TABLE products RENAME CONSTRAINT products_tenant_id_fkey TO items_tenant_id_fkey",
                         "ALTER TABLE products RENAME CONSTRAINT products_pkey TO items_pkey",
                         "ALTER TABLE products RENAME TO items",
                     }));
  EXPECT_TRUE(d.destructive.empty());
  EXPECT_TRUE(round_trips(a, b));
  // The hint stays in the YAML: once applied, it changes nothing.
  EXPECT_TRUE(diff(b, b).empty());
}

TEST(Differ, RenameTableRenamesItsIndexes) {
  auto a = schema_of(R"y(module: shop
entities:
  items:
    fields:
      name: string(20)
)y");
  auto b = schema_of(R"y(module: shop
entities:
  products:
    renamed_from: items
    fields:
      name: string(20)
)y");
  auto d = diff(a, b);
  auto ups = up(d);
  EXPECT_TRUE(has(ups, "ALTER INDEX items_tenant_id_created_at_id_idx RENAME TO products_tenant_id_created_at_id_idx"))
      << text(d);
  EXPECT_TRUE(has(down(d), "ALTER INDEX products_tenant_id_created_at_id_idx RENAME TO items_tenant_id_created_at_id_idx"));
  for (const auto& s : ups) EXPECT_EQ(s.find("CREATE"), std::string::npos) << s;
  EXPECT_EQ(d.migrations.size(), 1u);
  EXPECT_TRUE(round_trips(a, b));
}

TEST(Differ, AddColumns) {
  auto a = small(kItems);
  auto b = small(replace(kItems, "      note: text?\n",
                         "      note: text?\n      weight: decimal(10,3)?\n      size: { type: int, default: 3, description: Cm. }\n"));
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{"ALTER TABLE items ADD COLUMN weight numeric(10,3)",
                               "ALTER TABLE items ADD COLUMN size integer NOT NULL DEFAULT 3",
                               "COMMENT ON COLUMN items.size IS 'Cm.'"}));
  EXPECT_EQ(down(d), (Statements{"ALTER TABLE items DROP COLUMN size", "ALTER TABLE items DROP COLUMN weight"}));
  EXPECT_TRUE(d.errors.empty());
  EXPECT_TRUE(round_trips(a, b));
}

TEST(Differ, AddingARequiredColumnWithoutDefaultIsAnError) {
  auto a = small(kItems);
  auto b = small(replace(kItems, "      note: text?\n", "      note: text?\n      must: int\n"));
  auto d = diff(a, b);
  ASSERT_EQ(d.errors.size(), 1u);
  EXPECT_NE(d.errors[0].find("items.must"), std::string::npos);
  EXPECT_NE(d.errors[0].find("give it a default or add it optional first"), std::string::npos);
  EXPECT_TRUE(d.refused(DiffOptions{.allow_destructive = true}));
  // A new table may have one, of course.
  EXPECT_TRUE(diff(catalog::Schema{}, b).errors.empty());
}

TEST(Differ, DropColumnIsDestructiveAndItsDownFillsWhatItCannotKnow) {
  auto a = small(replace(kItems, "      note: text?\n", "      note: text?\n      code: { type: string(8), description: Short. }\n"));
  auto b = small(R"y(module: shop
entities:
  items:
    fields:
      sku: { type: string(20), unique: true }
      note: text?
)y");
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{"ALTER TABLE items DROP CONSTRAINT items_qty_check", "ALTER TABLE items DROP COLUMN qty",
                               "ALTER TABLE items DROP COLUMN code"}));
  EXPECT_EQ(down(d), (Statements{"ALTER TABLE items ADD COLUMN code varchar(8) NOT NULL DEFAULT ''",
                                 "ALTER TABLE items ALTER COLUMN code DROP DEFAULT",
                                 "COMMENT ON COLUMN items.code IS 'Short.'",
                                 "ALTER TABLE items ADD COLUMN qty integer NOT NULL DEFAULT 0",
                                 "ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 0)"}));
  EXPECT_EQ(d.destructive, (std::vector<std::string>{"column items.qty", "column items.code"}));
  EXPECT_TRUE(round_trips(a, b));
}

TEST(Differ, RenameColumnRenamesConstraintsAndKeepsExpressions) {
  auto a = small(kItems);
  auto b = small(R"y(module: shop
entities:
  items:
    fields:
      code: { type: string(20), unique: true, renamed_from: sku }
      amount: { type: int, default: 0, check: "amount >= 0", renamed_from: qty }
      note: text?
)y");
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{"ALTER TABLE items RENAME COLUMN sku TO code", "ALTER TABLE items RENAME COLUMN qty TO amount",
                               "ALTER TABLE items RENAME CONSTRAINT items_tenant_id_sku_key TO items_tenant_id_code_key",
                               "ALTER TABLE items RENAME CONSTRAINT items_qty_check TO items_amount_check"}));
  EXPECT_EQ(down(d), (Statements{"ALTER TABLE items RENAME CONSTRAINT items_amount_check TO items_qty_check",
                                 "ALTER TABLE items RENAME CONSTRAINT items_tenant_id_code_key TO items_tenant_id_sku_key",
                                 "ALTER TABLE items RENAME COLUMN amount TO qty",
                                 "ALTER TABLE items RENAME COLUMN code TO sku"}));
  EXPECT_TRUE(d.destructive.empty());
  EXPECT_TRUE(round_trips(a, b));
}

TEST(Differ, RenameColumnRenamesIndexesAndGeneratedExpressionsFollow) {
  auto a = small(R"y(module: shop
entities:
  items:
    fields:
      price: { type: int, index: true }
      total: { type: bigint, generated: "price * 2" }
)y");
  auto b = small(R"y(module: shop
entities:
  items:
    fields:
      cost: { type: int, index: true, renamed_from: price }
      total: { type: bigint, generated: "cost * 2" }
)y");
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{"ALTER TABLE items RENAME COLUMN price TO cost",
                               "ALTER INDEX items_tenant_id_price_idx RENAME TO items_tenant_id_cost_idx"}));
  EXPECT_EQ(down(d), (Statements{"ALTER INDEX items_tenant_id_cost_idx RENAME TO items_tenant_id_price_idx",
                                 "ALTER TABLE items RENAME COLUMN cost TO price"}));
  EXPECT_TRUE(round_trips(a, b));
}

// Found by the evolution property test: after ALTER TYPE, PostgreSQL shows a default or
// check in the old type's casts ('x'::character varying on a text column), unlike a fresh
// table, so both are set again around the change.
TEST(Differ, RetypingAcrossBaseTypesSetsDefaultsAndChecksAgain) {
  auto a = small("module: shop\nentities:\n  items:\n    fields:\n"
                 "      code: { type: string(20), default: x, check: \"length(code) <= 200\" }\n"
                 "      qty: { type: smallint, default: 1, check: \"qty >= 0\" }\n");
  auto b = small("module: shop\nentities:\n  items:\n    fields:\n"
                 "      code: { type: text, default: x, check: \"length(code) <= 200\" }\n"
                 "      qty: { type: \"decimal(12,2)\", default: 1, check: \"qty >= 0\" }\n");
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{"ALTER TABLE items DROP CONSTRAINT items_code_check",
                               "ALTER TABLE items DROP CONSTRAINT items_qty_check",
                               "ALTER TABLE items ALTER COLUMN code DROP DEFAULT",
                               "ALTER TABLE items ALTER COLUMN code TYPE text",
                               "ALTER TABLE items ALTER COLUMN code SET DEFAULT 'x'",
                               "ALTER TABLE items ALTER COLUMN qty DROP DEFAULT",
                               "ALTER TABLE items ALTER COLUMN qty TYPE numeric(12,2) USING qty::numeric(12,2)",
                               "ALTER TABLE items ALTER COLUMN qty SET DEFAULT 1.00",
                               "ALTER TABLE items ADD CONSTRAINT items_code_check CHECK (length(code) <= 200) NOT VALID",
                               "ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 0) NOT VALID"}))
      << text(d);
  EXPECT_TRUE(d.destructive.empty());
  // The checks come back NOT VALID and are validated in a transaction of their own.
  EXPECT_EQ(up(d, 1), (Statements{"ALTER TABLE items VALIDATE CONSTRAINT items_code_check",
                                  "ALTER TABLE items VALIDATE CONSTRAINT items_qty_check"}));
  EXPECT_TRUE(round_trips(a, b));
  EXPECT_TRUE(round_trips(b, a));
}

TEST(Differ, NullabilityDefaultsAndWidening) {
  auto a = small(kItems);
  auto b = small(R"y(module: shop
entities:
  items:
    fields:
      sku: { type: string(40), unique: true }
      qty: { type: bigint, default: 1, check: "qty >= 0" }
      note: text
)y");
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{"ALTER TABLE items ALTER COLUMN sku TYPE varchar(40)",
                               "ALTER TABLE items ALTER COLUMN qty TYPE bigint",
                               "ALTER TABLE items ALTER COLUMN qty SET DEFAULT 1",
                               "ALTER TABLE items ALTER COLUMN note SET NOT NULL"}));
  EXPECT_EQ(down(d), (Statements{"ALTER TABLE items ALTER COLUMN note DROP NOT NULL",
                                 "ALTER TABLE items ALTER COLUMN qty SET DEFAULT 0",
                                 "ALTER TABLE items ALTER COLUMN qty TYPE integer",
                                 "ALTER TABLE items ALTER COLUMN sku TYPE varchar(20)"}));
  EXPECT_TRUE(d.destructive.empty()) << "widening loses nothing";
  EXPECT_TRUE(round_trips(a, b));
  EXPECT_TRUE(round_trips(b, a));
}

TEST(Differ, DropDefaultAndDropNotNull) {
  auto a = small(kItems);
  auto b = small(replace(kItems, "qty: { type: int, default: 0, check: \"qty >= 0\" }", "qty: { type: int, optional: true, check: \"qty >= 0\" }"));
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{"ALTER TABLE items ALTER COLUMN qty DROP DEFAULT", "ALTER TABLE items ALTER COLUMN qty DROP NOT NULL"}));
  EXPECT_EQ(down(d), (Statements{"ALTER TABLE items ALTER COLUMN qty SET NOT NULL", "ALTER TABLE items ALTER COLUMN qty SET DEFAULT 0"}));
  EXPECT_EQ(d.migrations[0].kinds, (std::vector<DiffKind>{DiffKind::DropDefault, DiffKind::DropNotNull}));
  EXPECT_TRUE(round_trips(a, b));
}

TEST(Differ, NumericWideningAndNarrowing) {
  auto a = small("module: shop\nentities:\n  items:\n    fields:\n      price: decimal(10,2)\n");
  auto wide = small("module: shop\nentities:\n  items:\n    fields:\n      price: decimal(14,2)\n");
  auto narrow = small("module: shop\nentities:\n  items:\n    fields:\n      price: decimal(10,4)\n");
  auto d = diff(a, wide);
  EXPECT_EQ(up(d), (Statements{"ALTER TABLE items ALTER COLUMN price TYPE numeric(14,2)"}));
  EXPECT_EQ(down(d), (Statements{"ALTER TABLE items ALTER COLUMN price TYPE numeric(10,2)"}));
  EXPECT_TRUE(d.destructive.empty());
  EXPECT_EQ(diff(a, narrow).destructive, (std::vector<std::string>{"narrowing items.price numeric(10,2)->numeric(10,4)"}));
  EXPECT_EQ(diff(wide, a).destructive, (std::vector<std::string>{"narrowing items.price numeric(14,2)->numeric(10,2)"}));
}

TEST(Differ, NarrowingIsDestructive) {
  auto a = small(kItems);
  auto b = small(replace(replace(kItems, "string(20)", "string(10)"), "type: int,", "type: smallint,"));
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{"ALTER TABLE items ALTER COLUMN sku TYPE varchar(10)",
                               "ALTER TABLE items ALTER COLUMN qty TYPE smallint"}));
  EXPECT_EQ(d.destructive, (std::vector<std::string>{"narrowing items.sku varchar(20)->varchar(10)",
                                                     "narrowing items.qty integer->smallint"}));
  EXPECT_TRUE(round_trips(a, b));
}

TEST(Differ, RetypingAcrossFamiliesCastsAndResetsTheDefault) {
  auto a = small("module: shop\nentities:\n  items:\n    fields:\n      code: { type: text, default: \"7\" }\n");
  auto b = small("module: shop\nentities:\n  items:\n    fields:\n      code: { type: int, default: 7 }\n");
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{"ALTER TABLE items ALTER COLUMN code DROP DEFAULT",
                               "ALTER TABLE items ALTER COLUMN code TYPE integer USING code::integer",
                               "ALTER TABLE items ALTER COLUMN code SET DEFAULT 7"}));
  EXPECT_EQ(down(d), (Statements{"ALTER TABLE items ALTER COLUMN code DROP DEFAULT",
                                 "ALTER TABLE items ALTER COLUMN code TYPE text USING code::text",
                                 "ALTER TABLE items ALTER COLUMN code SET DEFAULT '7'"}));
  EXPECT_EQ(d.destructive, (std::vector<std::string>{"retyping items.code text->integer"}));
  EXPECT_TRUE(round_trips(a, b));
}

TEST(Differ, CreateAndDropEnumTypesAndComments) {
  auto a = small("module: shop\nenums:\n  color: [red, blue]\nentities:\n  items:\n    fields:\n      name: text\n");
  auto b = small(R"y(module: shop
enums:
  size: { values: [s, m, l], description: Sizes. }
entities:
  items:
    description: Things.
    fields:
      name: { type: text, description: The name. }
)y");
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{"CREATE TYPE size AS ENUM ('s', 'm', 'l')", "COMMENT ON TYPE size IS 'Sizes.'",
                               "COMMENT ON TABLE items IS 'Things.'", "COMMENT ON COLUMN items.name IS 'The name.'",
                               "DROP TYPE color"}));
  EXPECT_EQ(down(d), (Statements{"CREATE TYPE color AS ENUM ('red', 'blue')", "COMMENT ON COLUMN items.name IS NULL",
                                 "COMMENT ON TABLE items IS NULL", "DROP TYPE size"}));
  EXPECT_TRUE(d.destructive.empty());
  EXPECT_TRUE(round_trips(a, b));
  auto c = small(R"y(module: shop
enums:
  size: { values: [s, m, l], description: Sizes of things. }
entities:
  items:
    fields:
      name: { type: text, description: The name. }
)y");
  auto e = diff(b, c);
  EXPECT_EQ(up(e), (Statements{"COMMENT ON TYPE size IS 'Sizes of things.'", "COMMENT ON TABLE items IS NULL"}));
  EXPECT_EQ(down(e), (Statements{"COMMENT ON TABLE items IS 'Things.'", "COMMENT ON TYPE size IS 'Sizes.'"}));
}

TEST(Differ, EnumValuesAreAddedAtTheirPosition) {
  auto a = small(kInvoices);
  auto b = small(replace(kInvoices, "[draft, sent, paid]", "[new, draft, sent, overdue, paid, void]"));
  auto d = diff(a, b);
  ASSERT_EQ(d.migrations.size(), 1u) << text(d);
  EXPECT_EQ(up(d), (Statements{"ALTER TYPE status ADD VALUE 'new' BEFORE 'draft'",
                               "ALTER TYPE status ADD VALUE 'overdue' BEFORE 'paid'",
                               "ALTER TYPE status ADD VALUE 'void' AFTER 'paid'"}));
  // No inverse in PostgreSQL: the Down swaps in a type without them. Whatever holds a value
  // of the type in its text (defaults, checks, index predicates) goes and comes back.
  EXPECT_EQ(down(d), (Statements{
                         "DROP INDEX invoices_tenant_id_status_idx",
                         "ALTER TABLE invoices DROP CONSTRAINT not_draft_sent",
                         "ALTER TABLE invoices ALTER COLUMN status DROP DEFAULT",
                         "CREATE TYPE status_new AS ENUM ('draft', 'sent', 'paid')",
                         "ALTER TABLE invoices ALTER COLUMN status TYPE status_new USING status::text::status_new, ALTER "
                         "COLUMN history TYPE status_new[] USING history::text[]::status_new[]",
                         "DROP TYPE status",
                         "ALTER TYPE status_new RENAME TO status",
                         "ALTER TABLE invoices ALTER COLUMN status SET DEFAULT 'draft'",
                         "ALTER TABLE invoices ADD CONSTRAINT not_draft_sent CHECK (status <> 'draft' OR history IS NULL)",
                         "CREATE INDEX invoices_tenant_id_status_idx ON invoices (tenant_id, status) WHERE status <> 'paid'",
                     }));
  EXPECT_TRUE(d.destructive.empty());
  EXPECT_TRUE(round_trips(a, b));
}

TEST(Differ, AnEnumValueUsedRightAwayIsAddedInAMigrationOfItsOwn) {
  auto a = small(kInvoices);
  auto b = small(replace(replace(kInvoices, "[draft, sent, paid]", "[draft, sent, overdue, paid]"), "default: draft",
                         "default: overdue"));
  auto d = diff(a, b);
  ASSERT_EQ(d.migrations.size(), 2u) << text(d);
  EXPECT_EQ(up(d, 0), (Statements{"ALTER TYPE status ADD VALUE 'overdue' BEFORE 'paid'"}));
  EXPECT_EQ(d.migrations[0].kinds, (std::vector<DiffKind>{DiffKind::AddEnumValues}));
  EXPECT_FALSE(d.migrations[0].notransaction);
  EXPECT_EQ(up(d, 1), (Statements{"ALTER TABLE invoices ALTER COLUMN status SET DEFAULT 'overdue'"}));
  EXPECT_EQ(down(d, 1), (Statements{"ALTER TABLE invoices ALTER COLUMN status SET DEFAULT 'draft'"}));
  EXPECT_EQ(down(d, 0).at(3), "CREATE TYPE status_new AS ENUM ('draft', 'sent', 'paid')");
  EXPECT_TRUE(round_trips(a, b));

  // A check or index predicate that names it counts too; a comment does not.
  auto c = small(replace(replace(kInvoices, "[draft, sent, paid]", "[draft, sent, overdue, paid]"), "status <> 'paid'",
                         "status <> 'overdue'"));
  EXPECT_EQ(diff(a, c).migrations.size(), 3u) << text(diff(a, c));
  auto e = small(replace(replace(kInvoices, "[draft, sent, paid]", "[draft, sent, overdue, paid]"), "  invoices:\n",
                         "  invoices:\n    description: Not overdue.\n"));
  EXPECT_EQ(diff(a, e).migrations.size(), 1u) << text(diff(a, e));
}

TEST(Differ, RemovingAnEnumValueSwapsTheTypeAndTheDownPutsItBack) {
  auto a = small(kInvoices);
  auto b = small(replace(kInvoices, "[draft, sent, paid]", "[draft, paid]"));
  auto d = diff(a, b);
  ASSERT_EQ(d.migrations.size(), 1u) << text(d);
  Statements swap_to = {
      "DROP INDEX invoices_tenant_id_status_idx",
      "ALTER TABLE invoices DROP CONSTRAINT not_draft_sent",
      "ALTER TABLE invoices ALTER COLUMN status DROP DEFAULT",
      "CREATE TYPE status_new AS ENUM ('draft', 'paid')",
      "ALTER TABLE invoices ALTER COLUMN status TYPE status_new USING status::text::status_new, ALTER COLUMN history "
      "TYPE status_new[] USING history::text[]::status_new[]",
      "DROP TYPE status",
      "ALTER TYPE status_new RENAME TO status",
      "ALTER TABLE invoices ALTER COLUMN status SET DEFAULT 'draft'",
      "ALTER TABLE invoices ADD CONSTRAINT not_draft_sent CHECK (status <> 'draft' OR history IS NULL)",
      "CREATE INDEX invoices_tenant_id_status_idx ON invoices (tenant_id, status) WHERE status <> 'paid'",
  };
  EXPECT_EQ(up(d), swap_to);
  auto swap_back = swap_to;
  swap_back[3] = "CREATE TYPE status_new AS ENUM ('draft', 'sent', 'paid')";
  EXPECT_EQ(down(d), swap_back);
  EXPECT_EQ(d.migrations[0].kinds, (std::vector<DiffKind>{DiffKind::ReplaceEnumValues}));
  EXPECT_EQ(d.destructive, (std::vector<std::string>{"enum value status.'sent'"}));
  EXPECT_TRUE(round_trips(a, b));
  // Reordering values is a swap too, and loses nothing.
  auto c = small(replace(kInvoices, "[draft, sent, paid]", "[sent, draft, paid]"));
  EXPECT_EQ(diff(a, c).migrations.at(0).kinds, (std::vector<DiffKind>{DiffKind::ReplaceEnumValues}));
  EXPECT_TRUE(diff(a, c).destructive.empty());
  EXPECT_TRUE(round_trips(a, c));
}

// ---------------------------------------------------------------------------------------
// Enum renames from `renamed_from` hints: one statement each, whatever uses the type or the
// value (column types, defaults, checks, index predicates) follows in PostgreSQL by itself.

namespace {

// kInvoices with its enum renamed `state` (the columns keep their names).
std::string invoices_with_state(const std::string& values = "[draft, sent, paid]") {
  return replace(replace(replace(kInvoices, "  status: [draft, sent, paid]\n",
                                 "  state: { values: " + values + ", renamed_from: status }\n"),
                         "status: { type: status,", "status: { type: state,"),
                 "history: status[]?", "history: state[]?");
}

// `module` (kInvoices edited) with 'draft' written 'open' where the columns use it.
std::string with_open(const std::string& module) {
  return replace(replace(module, "default: draft", "default: open"), "status <> 'draft'", "status <> 'open'");
}

// kInvoices with these values and 'draft' written 'open' where the columns use it.
std::string invoices_with_open(const std::string& values) {
  return with_open(replace(kInvoices, "[draft, sent, paid]", values));
}

}  // namespace

TEST(Differ, RenameEnumTypeUsedByColumnsWithADefault) {
  auto a = small(kInvoices);
  auto b = small(invoices_with_state());
  auto d = diff(a, b);
  ASSERT_EQ(d.migrations.size(), 1u) << text(d);
  EXPECT_EQ(up(d), (Statements{"ALTER TYPE status RENAME TO state"}));
  EXPECT_EQ(down(d), (Statements{"ALTER TYPE state RENAME TO status"}));
  EXPECT_EQ(d.migrations[0].kinds, (std::vector<DiffKind>{DiffKind::RenameEnum}));
  EXPECT_EQ(d.migrations[0].purpose(), "rename 1 enum type");
  EXPECT_TRUE(d.destructive.empty());
  EXPECT_TRUE(round_trips(a, b));
  // With a comment on the type: it stays with the type.
  auto c = small(replace(kInvoices, "  status: [draft, sent, paid]\n", "  status: { values: [draft, sent, paid], description: Where. }\n"));
  auto e = small(replace(invoices_with_state(), "renamed_from: status }", "renamed_from: status, description: Where. }"));
  EXPECT_EQ(up(diff(c, e)), (Statements{"ALTER TYPE status RENAME TO state"}));
  EXPECT_TRUE(round_trips(c, e));
}

TEST(Differ, RenameEnumValueUsedInADefaultACheckAndAPredicate) {
  auto a = small(kInvoices);
  auto b = small(replace(invoices_with_open("[{ name: open, renamed_from: draft }, sent, { name: settled, renamed_from: paid }]"),
                         "status <> 'paid'", "status <> 'settled'"));
  auto d = diff(a, b);
  ASSERT_EQ(d.migrations.size(), 1u) << text(d);
  EXPECT_EQ(up(d), (Statements{"ALTER TYPE status RENAME VALUE 'draft' TO 'open'",
                               "ALTER TYPE status RENAME VALUE 'paid' TO 'settled'"}));
  EXPECT_EQ(down(d), (Statements{"ALTER TYPE status RENAME VALUE 'settled' TO 'paid'",
                                 "ALTER TYPE status RENAME VALUE 'open' TO 'draft'"}));
  EXPECT_EQ(d.migrations[0].purpose(), "rename 2 enum values");
  EXPECT_TRUE(d.destructive.empty()) << "a renamed value keeps its rows";
  EXPECT_TRUE(round_trips(a, b));
  // PostgreSQL lets the transaction that renamed a label use it (unlike an added one).
  auto c = small(replace(invoices_with_open("[{ name: open, renamed_from: draft }, sent, paid]"), "      history: status[]?\n",
                         "      history: status[]?\n      stage: { type: status, default: open }\n"));
  auto e = diff(a, c);
  ASSERT_EQ(e.migrations.size(), 1u) << text(e);
  EXPECT_EQ(up(e), (Statements{"ALTER TYPE status RENAME VALUE 'draft' TO 'open'",
                               "ALTER TABLE invoices ADD COLUMN stage status NOT NULL DEFAULT 'open'"}));
  EXPECT_TRUE(round_trips(a, c));
}

TEST(Differ, RenameEnumTypeAndValueTogether) {
  auto a = small(kInvoices);
  auto b = small(with_open(invoices_with_state("[{ name: open, renamed_from: draft }, sent, paid]")));
  auto d = diff(a, b);
  ASSERT_EQ(d.migrations.size(), 1u) << text(d);
  EXPECT_EQ(up(d), (Statements{"ALTER TYPE status RENAME TO state", "ALTER TYPE state RENAME VALUE 'draft' TO 'open'"}));
  EXPECT_EQ(down(d), (Statements{"ALTER TYPE state RENAME VALUE 'open' TO 'draft'", "ALTER TYPE state RENAME TO status"}));
  EXPECT_EQ(d.migrations[0].purpose(), "rename 1 enum type, rename 1 enum value");
  EXPECT_TRUE(round_trips(a, b));
}

TEST(Differ, RenameEnumValueThenAddOthersAtTheirPosition) {
  auto a = small(kInvoices);
  auto b = small(invoices_with_open("[{ name: open, renamed_from: draft }, sent, overdue, paid]"));
  auto d = diff(a, b);
  ASSERT_EQ(d.migrations.size(), 1u) << text(d);
  EXPECT_EQ(up(d), (Statements{"ALTER TYPE status RENAME VALUE 'draft' TO 'open'",
                               "ALTER TYPE status ADD VALUE 'overdue' BEFORE 'paid'"}));
  EXPECT_EQ(down(d).front(), "DROP INDEX invoices_tenant_id_status_idx");
  EXPECT_EQ(down(d).at(3), "CREATE TYPE status_new AS ENUM ('open', 'sent', 'paid')") << "the swap sees the new label";
  EXPECT_EQ(down(d).back(), "ALTER TYPE status RENAME VALUE 'open' TO 'draft'");
  EXPECT_EQ(d.migrations[0].purpose(), "rename 1 enum value, add values to 1 enum type");
  EXPECT_TRUE(d.destructive.empty());
  EXPECT_TRUE(round_trips(a, b));

  // The added value used right away: the rename leads the migration of its own that adds it.
  auto c = small(replace(invoices_with_open("[{ name: open, renamed_from: draft }, sent, overdue, paid]"), "default: open",
                         "default: overdue"));
  auto e = diff(a, c);
  ASSERT_EQ(e.migrations.size(), 2u) << text(e);
  EXPECT_EQ(up(e, 0), up(d));
  EXPECT_EQ(e.migrations[0].kinds, (std::vector<DiffKind>{DiffKind::RenameEnumValue, DiffKind::AddEnumValues}));
  EXPECT_EQ(up(e, 1), (Statements{"ALTER TABLE invoices ALTER COLUMN status SET DEFAULT 'overdue'"}));
  EXPECT_EQ(down(e, 1), (Statements{"ALTER TABLE invoices ALTER COLUMN status SET DEFAULT 'open'"}));
  EXPECT_EQ(down(e, 0).back(), "ALTER TYPE status RENAME VALUE 'open' TO 'draft'");
  EXPECT_TRUE(round_trips(a, c));
}

TEST(Differ, RenameEnumValueThenRemoveAnotherSwapsUnderTheNewLabels) {
  auto a = small(kInvoices);
  auto b = small(invoices_with_open("[{ name: open, renamed_from: draft }, paid]"));
  auto d = diff(a, b);
  ASSERT_EQ(d.migrations.size(), 1u) << text(d);
  EXPECT_EQ(d.migrations[0].kinds, (std::vector<DiffKind>{DiffKind::RenameEnumValue, DiffKind::ReplaceEnumValues}));
  EXPECT_EQ(up(d).at(4), "CREATE TYPE status_new AS ENUM ('open', 'paid')");
  EXPECT_EQ(d.destructive, (std::vector<std::string>{"enum value status.'sent'"}));
  EXPECT_TRUE(round_trips(a, b));
  // Renamed and renumbered types at once: the swap keeps the new name.
  auto c = small(with_open(invoices_with_state("[{ name: open, renamed_from: draft }, paid, void]")));
  auto e = diff(a, c);
  EXPECT_EQ(e.migrations.at(0).kinds, (std::vector<DiffKind>{DiffKind::RenameEnum, DiffKind::RenameEnumValue,
                                                             DiffKind::ReplaceEnumValues}))
      << text(e);
  EXPECT_TRUE(round_trips(a, c));
}

TEST(Differ, StaleOrInapplicableEnumHintsAreIgnored) {
  // After the rename was migrated the hints stay in the YAML and change nothing.
  auto b = small(with_open(invoices_with_state("[{ name: open, renamed_from: draft }, sent, paid]")));
  EXPECT_TRUE(diff(b, b).empty()) << text(diff(b, b));
  std::string errors;
  EXPECT_TRUE(diff(replayed(plan_create(b).up(), &errors), b).empty());
  EXPECT_EQ(errors, "");
  // An old name `from` does not have: the enum is new, its value is just a value.
  auto a = small(kItems);
  auto c = small(std::string(kItems) + "enums:\n  state: { values: [{ name: open, renamed_from: draft }], renamed_from: gone }\n");
  EXPECT_EQ(up(diff(a, c)), (Statements{"CREATE TYPE state AS ENUM ('open')"}));
  // A new name `from` still has (both exist): the hint cannot apply, the values are compared.
  auto f = small(R"y(module: shop
enums:
  status: [draft, open]
entities:
  items:
    fields:
      s: status
)y");
  auto g = small(replace(R"y(module: shop
enums:
  status: [draft, open]
entities:
  items:
    fields:
      s: status
)y",
                         "[draft, open]", "[{ name: open, renamed_from: draft }]"));
  EXPECT_EQ(diff(f, g).migrations.at(0).kinds, (std::vector<DiffKind>{DiffKind::ReplaceEnumValues}));
}

TEST(Differ, ChecksAndUniquesChangeByDropAndAdd) {
  auto a = small(kItems);
  auto b = small(R"y(module: shop
entities:
  items:
    fields:
      sku: string(20)
      qty: { type: int, default: 0, check: "qty > 0" }
      note: { type: text, optional: true, unique: true }
)y");
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{"ALTER TABLE items DROP CONSTRAINT items_tenant_id_sku_key",
                               "ALTER TABLE items DROP CONSTRAINT items_qty_check",
                               "ALTER TABLE items ADD CONSTRAINT items_tenant_id_note_key UNIQUE (tenant_id, note)",
                               "ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty > 0) NOT VALID"}));
  EXPECT_EQ(down(d), (Statements{"ALTER TABLE items DROP CONSTRAINT items_qty_check",
                                 "ALTER TABLE items DROP CONSTRAINT items_tenant_id_note_key",
                                 "ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 0)",
                                 "ALTER TABLE items ADD CONSTRAINT items_tenant_id_sku_key UNIQUE (tenant_id, sku)"}));
  EXPECT_TRUE(round_trips(a, b));
}

TEST(Differ, RefsAddedAndRemovedWithTheirIndexes) {
  auto a = small(R"y(module: shop
entities:
  items:
    fields:
      name: text
  boxes:
    fields:
      item_id: { ref: items }
      label: text
)y");
  auto b = small(R"y(module: shop
entities:
  items:
    fields:
      name: text
  boxes:
    fields:
      label: text
      other_id: { ref: items, optional: true, on_delete: set_null }
)y");
  auto d = diff(a, b);
  ASSERT_EQ(d.migrations.size(), 3u) << text(d);
  EXPECT_EQ(up(d, 0), (Statements{"ALTER TABLE boxes DROP CONSTRAINT boxes_item_id_fkey",
                                  "DROP INDEX boxes_tenant_id_item_id_id_idx", "ALTER TABLE boxes DROP COLUMN item_id",
                                  "ALTER TABLE boxes ADD COLUMN other_id uuid",
                                  "ALTER TABLE boxes ADD CONSTRAINT boxes_other_id_fkey FOREIGN KEY (tenant_id, other_id) "
                                  "REFERENCES items (tenant_id, id) ON DELETE SET NULL (other_id) NOT VALID"}));
  EXPECT_EQ(down(d, 0),
            (Statements{"ALTER TABLE boxes DROP CONSTRAINT boxes_other_id_fkey", "ALTER TABLE boxes DROP COLUMN other_id",
                        "ALTER TABLE boxes ADD COLUMN item_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000'",
                        "ALTER TABLE boxes ALTER COLUMN item_id DROP DEFAULT",
                        "CREATE INDEX boxes_tenant_id_item_id_id_idx ON boxes (tenant_id, item_id, id DESC)",
                        "ALTER TABLE boxes ADD CONSTRAINT boxes_item_id_fkey FOREIGN KEY (tenant_id, item_id) REFERENCES "
                        "items (tenant_id, id) ON DELETE RESTRICT"}));
  // The foreign key, added NOT VALID, is validated in a transaction of its own; PostgreSQL
  // cannot make it NOT VALID again, so the Down adds it afresh that way.
  EXPECT_FALSE(d.migrations[1].notransaction);
  EXPECT_EQ(up(d, 1), (Statements{"ALTER TABLE boxes VALIDATE CONSTRAINT boxes_other_id_fkey"}));
  EXPECT_EQ(down(d, 1), (Statements{"ALTER TABLE boxes DROP CONSTRAINT boxes_other_id_fkey",
                                    "ALTER TABLE boxes ADD CONSTRAINT boxes_other_id_fkey FOREIGN KEY (tenant_id, other_id) "
                                    "REFERENCES items (tenant_id, id) ON DELETE SET NULL (other_id) NOT VALID"}));
  EXPECT_EQ(d.migrations[1].purpose(), "validate 1 constraint");
  // The new ref's index, on a table that already exists: CONCURRENTLY, outside a transaction.
  EXPECT_TRUE(d.migrations[2].notransaction);
  EXPECT_EQ(up(d, 2), (Statements{"CREATE INDEX CONCURRENTLY boxes_tenant_id_other_id_id_idx ON boxes (tenant_id, other_id, id DESC)"}));
  EXPECT_EQ(down(d, 2), (Statements{"DROP INDEX boxes_tenant_id_other_id_id_idx"}));
  EXPECT_EQ(d.migrations[2].purpose(), "create 1 index (concurrently, outside a transaction)");
  EXPECT_EQ(d.destructive, (std::vector<std::string>{"column boxes.item_id"}));
  EXPECT_TRUE(round_trips(a, b));
}

TEST(Differ, ChangedIndexesAndPredicates) {
  auto a = small(R"y(module: shop
entities:
  items:
    fields:
      a: int
      b: int
    indexes:
      - columns: [a]
        where: "a > 0"
      - columns: [b desc]
)y");
  auto b = small(R"y(module: shop
entities:
  items:
    fields:
      a: int
      b: int
    indexes:
      - columns: [a]
        where: "(a>0)"
      - columns: [b]
)y");
  auto d = diff(a, b);
  ASSERT_EQ(d.migrations.size(), 2u) << text(d);
  EXPECT_EQ(up(d, 0), (Statements{"DROP INDEX items_tenant_id_b_idx"}));
  EXPECT_EQ(down(d, 0), (Statements{"CREATE INDEX items_tenant_id_b_idx ON items (tenant_id, b DESC)"}));
  EXPECT_EQ(up(d, 1), (Statements{"CREATE INDEX CONCURRENTLY items_tenant_id_b_idx ON items (tenant_id, b)"}));
  EXPECT_TRUE(round_trips(a, b));
}

TEST(Differ, GeneratedExpressionChangeIsDropAndAddNotDestructive) {
  auto a = small(R"y(module: shop
entities:
  items:
    fields:
      price: int
      total: { type: bigint, generated: "price * 2", index: true }
)y");
  auto b = small(replace(
      R"y(module: shop
entities:
  items:
    fields:
      price: int
      total: { type: bigint, generated: "price * 2", index: true }
)y",
      "price * 2", "price * 3"));
  auto d = diff(a, b);
  ASSERT_EQ(d.migrations.size(), 2u) << text(d);
  EXPECT_EQ(up(d, 0), (Statements{"DROP INDEX items_tenant_id_total_idx", "ALTER TABLE items DROP COLUMN total",
                                  "ALTER TABLE items ADD COLUMN total bigint NOT NULL GENERATED ALWAYS AS (price * 3) STORED"}));
  EXPECT_EQ(down(d, 0), (Statements{"ALTER TABLE items DROP COLUMN total",
                                    "ALTER TABLE items ADD COLUMN total bigint NOT NULL GENERATED ALWAYS AS (price * 2) STORED",
                                    "CREATE INDEX items_tenant_id_total_idx ON items (tenant_id, total)"}));
  EXPECT_EQ(up(d, 1), (Statements{"CREATE INDEX CONCURRENTLY items_tenant_id_total_idx ON items (tenant_id, total)"}));
  EXPECT_TRUE(d.destructive.empty());
  EXPECT_TRUE(round_trips(a, b));
}

TEST(Differ, GeneratedColumnBecomingPlainKeepsItsValues) {
  auto a = small("module: shop\nentities:\n  items:\n    fields:\n      price: int\n      total: { type: bigint, generated: \"price * 2\" }\n");
  auto b = small("module: shop\nentities:\n  items:\n    fields:\n      price: int\n      total: bigint\n");
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{"ALTER TABLE items ALTER COLUMN total DROP EXPRESSION"}));
  EXPECT_EQ(down(d), (Statements{"ALTER TABLE items DROP COLUMN total",
                                 "ALTER TABLE items ADD COLUMN total bigint NOT NULL GENERATED ALWAYS AS (price * 2) STORED"}));
  EXPECT_TRUE(d.destructive.empty());
  EXPECT_TRUE(round_trips(a, b));
  // The other way loses the column's values.
  EXPECT_EQ(diff(b, a).destructive, (std::vector<std::string>{"column items.total (becomes generated)"}));
  EXPECT_TRUE(round_trips(b, a));
}

TEST(Differ, RetypingAColumnAGeneratedColumnReadsMakesThatColumnAgain) {
  auto a = small("module: shop\nentities:\n  items:\n    fields:\n      price: int\n      total: { type: bigint, generated: \"price * 2\" }\n");
  auto b = small("module: shop\nentities:\n  items:\n    fields:\n      price: bigint\n      total: { type: bigint, generated: \"price * 2\" }\n");
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{"ALTER TABLE items DROP COLUMN total", "ALTER TABLE items ALTER COLUMN price TYPE bigint",
                               "ALTER TABLE items ADD COLUMN total bigint NOT NULL GENERATED ALWAYS AS (price * 2) STORED"}));
  EXPECT_TRUE(round_trips(a, b));
}

TEST(Differ, RenameCyclesGoThroughATemporaryName) {
  // Two indexes whose names trade places (hand-made catalogs; the YAML cannot say this).
  auto a = small(R"y(module: shop
entities:
  items:
    fields:
      a: int
      b: int
    indexes:
      - { columns: [a], name: first_idx }
      - { columns: [b], name: second_idx }
)y");
  auto b = a;
  for (auto& ix : b.indexes) {
    if (ix.name == "first_idx") ix.name = "second_idx";
    else if (ix.name == "second_idx") ix.name = "first_idx";
  }
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{"ALTER INDEX first_idx RENAME TO first_idx_tmp", "ALTER INDEX second_idx RENAME TO first_idx",
                               "ALTER INDEX first_idx_tmp RENAME TO second_idx"}));
  EXPECT_EQ(down(d), (Statements{"ALTER INDEX second_idx RENAME TO first_idx_tmp", "ALTER INDEX first_idx RENAME TO second_idx",
                                 "ALTER INDEX first_idx_tmp RENAME TO first_idx"}));
  EXPECT_TRUE(round_trips(a, b));
}

TEST(Differ, ARecreatedPrimaryKeyTakesTheForeignKeysOnItAlong) {
  // Hand-made: the referenced key changes definition under the same name.
  auto a = small(R"y(module: shop
entities:
  items:
    fields:
      name: text
  boxes:
    fields:
      item_id: { ref: items }
)y");
  auto b = a;
  for (auto& t : b.tables)
    if (t.name == "items")
      for (auto& c : t.constraints)
        if (c.name == "items_pkey") c.columns = {"id", "tenant_id"};
  auto d = diff(a, b);
  EXPECT_EQ(up(d), (Statements{"ALTER TABLE boxes DROP CONSTRAINT boxes_item_id_fkey",
                               "ALTER TABLE items DROP CONSTRAINT items_pkey",
                               "ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY (id, tenant_id)",
                               "ALTER TABLE boxes ADD CONSTRAINT boxes_item_id_fkey FOREIGN KEY (tenant_id, item_id) "
                               "REFERENCES items (tenant_id, id) ON DELETE RESTRICT NOT VALID"}))
      << text(d);
  EXPECT_EQ(up(d, 1), (Statements{"ALTER TABLE boxes VALIDATE CONSTRAINT boxes_item_id_fkey"}));
  EXPECT_TRUE(round_trips(a, b));
}

// A history may leave a check or foreign key NOT VALID (by hand, or stopped between the
// migrations of one edit); the schema says it holds for every row, so it is validated.
TEST(Differ, AConstraintLeftNotValidIsValidated) {
  auto b = small(R"y(module: shop
entities:
  items:
    fields:
      qty: { type: int, check: "qty >= 0" }
)y");
  auto a = b;
  for (auto& t : a.tables)
    for (auto& c : t.constraints)
      if (c.name == "items_qty_check") c.valid = false;
  auto d = diff(a, b);
  ASSERT_EQ(d.migrations.size(), 1u) << text(d);
  EXPECT_EQ(up(d), (Statements{"ALTER TABLE items VALIDATE CONSTRAINT items_qty_check"}));
  EXPECT_EQ(down(d), (Statements{"ALTER TABLE items DROP CONSTRAINT items_qty_check",
                                 "ALTER TABLE items ADD CONSTRAINT items_qty_check CHECK (qty >= 0) NOT VALID"}));
  EXPECT_TRUE(diff(b, b).empty());
}

TEST(Differ, EveryStatementParsesAndEveryKindHasAName) {
  for (int k = 0; k <= static_cast<int>(DiffKind::RenameIndex); ++k)
    EXPECT_STRNE(diff_kind_name(static_cast<DiffKind>(k)), "change");
  auto a = schema_of(tenantc::testing::scenarios::render(tenantc::testing::scenarios::base_module()));
  auto d = diff(catalog::Schema{}, a);
  ASSERT_EQ(d.migrations.size(), 1u);
  EXPECT_NO_THROW(verify_statements(d.migrations[0].up()));
  EXPECT_NO_THROW(verify_statements(d.migrations[0].down()));
  EXPECT_TRUE(round_trips(catalog::Schema{}, a));
  EXPECT_TRUE(round_trips(a, catalog::Schema{}));
}

TEST(DifferProperty, NamedPairsRoundTripBothWays) {
  for (const auto& p : tenantc::testing::scenarios::named_pairs()) {
    auto a = schema_of(p.from, p.project), b = schema_of(p.to, p.project);
    EXPECT_TRUE(round_trips(a, b)) << p.name;
    EXPECT_TRUE(round_trips(b, a)) << p.name << " (reversed)";
  }
}
