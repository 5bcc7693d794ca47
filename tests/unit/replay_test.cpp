// Replaying migrations into the catalog: what the planner emits replays to exactly the
// catalog it was planned from (the example project and every good golden case), hand-written
// migrations replay as PostgreSQL would apply them, and what cannot be modelled is reported
// at its file:line:col.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "ddl.hpp"
#include "history.hpp"
#include "planner.hpp"
#include "replay.hpp"
#include "resolver.hpp"
#include "schema_builder.hpp"
#include "sql_parser.hpp"
#include "yaml_frontend.hpp"

using namespace tenantc;

namespace {

namespace fs = std::filesystem;

// The repository root, found from this file's place in it (tests/unit/replay_test.cpp).
fs::path source_root() { return fs::path(__FILE__).parent_path().parent_path().parent_path(); }

std::string messages(const Diagnostics& diags) {
  std::ostringstream s;
  diags.print(s);
  return s.str();
}

// A project as the driver loads it: the project file, its schemas folder, the resolver.
model::Project load(const fs::path& project_file) {
  Diagnostics diags;
  auto ast = load_project(project_file, diags);
  if (!ast) throw std::runtime_error(messages(diags));
  Diagnostics scratch;
  const model::Settings settings = resolve_settings(*ast, scratch);
  const fs::path dir = fs::path(settings.root) / settings.schemas_dir;
  auto modules = load_modules(dir, settings.schemas_dir, ast->loc, diags);
  auto model = resolve(*ast, modules, diags);
  if (!model || diags.has_errors()) throw std::runtime_error(project_file.string() + ":\n" + messages(diags));
  return *model;
}

// ---- a readable difference of two catalogs

std::string describe(const catalog::Column& c) {
  return ddl::column_definition(c) + (c.comment.empty() ? "" : "  -- " + c.comment);
}
std::string describe(const catalog::Enum& e) {
  return ddl::create_enum(e) + (e.comment.empty() ? "" : "  -- " + e.comment);
}

void compare_named(std::ostringstream& out, const std::string& what, const std::map<std::string, std::string>& want,
                   const std::map<std::string, std::string>& got) {
  for (const auto& [name, text] : want) {
    auto it = got.find(name);
    if (it == got.end())
      out << what << name << " missing from the replay:\n    " << text << "\n";
    else if (it->second != text)
      out << what << name << " differs:\n    yaml:   " << text << "\n    replay: " << it->second << "\n";
  }
  for (const auto& [name, text] : got)
    if (!want.count(name)) out << what << name << " only in the replay:\n    " << text << "\n";
}

template <typename T, typename Name>
std::vector<std::string> names_of(const std::vector<T>& items, Name name) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(name(i));
  return out;
}

std::string joined(const std::vector<std::string>& v) { return ddl::join(v); }

// Empty when the two catalogs are equal (operator== of every object, constraints and
// indexes compared by name since their order carries no meaning); otherwise one paragraph
// per difference, in DDL form.
std::string difference(const catalog::Schema& want, const catalog::Schema& got) {
  std::ostringstream out;
  auto enum_names = [](const catalog::Enum& e) { return e.name; };
  if (names_of(want.enums, enum_names) != names_of(got.enums, enum_names))
    out << "enum order differs:\n    yaml:   " << joined(names_of(want.enums, enum_names))
        << "\n    replay: " << joined(names_of(got.enums, enum_names)) << "\n";
  std::map<std::string, std::string> we, ge;
  for (const auto& e : want.enums) we[e.name] = describe(e);
  for (const auto& e : got.enums) ge[e.name] = describe(e);
  compare_named(out, "enum ", we, ge);

  auto table_names = [](const catalog::Table& t) { return t.name; };
  if (names_of(want.tables, table_names) != names_of(got.tables, table_names))
    out << "table order differs:\n    yaml:   " << joined(names_of(want.tables, table_names))
        << "\n    replay: " << joined(names_of(got.tables, table_names)) << "\n";
  std::map<std::string, std::string> wt, gt;
  for (const auto& t : want.tables) wt[t.name] = "table " + t.name + (t.comment.empty() ? "" : "  -- " + t.comment);
  for (const auto& t : got.tables) gt[t.name] = "table " + t.name + (t.comment.empty() ? "" : "  -- " + t.comment);
  compare_named(out, "table ", wt, gt);
  for (const auto& t : want.tables) {
    const catalog::Table* g = got.table(t.name);
    if (!g) continue;
    auto column_names = [](const catalog::Column& c) { return c.name; };
    if (names_of(t.columns, column_names) != names_of(g->columns, column_names))
      out << "column order of " << t.name << " differs:\n    yaml:   " << joined(names_of(t.columns, column_names))
          << "\n    replay: " << joined(names_of(g->columns, column_names)) << "\n";
    std::map<std::string, std::string> wc, gc, wk, gk;
    for (const auto& c : t.columns) wc[c.name] = describe(c);
    for (const auto& c : g->columns) gc[c.name] = describe(c);
    compare_named(out, "column " + t.name + ".", wc, gc);
    for (const auto& c : t.constraints) wk[c.name] = ddl::constraint_clause(c);
    for (const auto& c : g->constraints) gk[c.name] = ddl::constraint_clause(c);
    compare_named(out, "constraint on " + t.name + ": ", wk, gk);
    // The DDL form shows every field operator== compares; make sure of it.
    if (out.str().empty()) {
      for (const auto& c : t.columns)
        if (auto* gcol = g->column(c.name); gcol && !(*gcol == c)) out << "column " << t.name << "." << c.name << " differs\n";
      for (const auto& c : t.constraints)
        for (const auto& d : g->constraints)
          if (c.name == d.name && !(c == d)) out << "constraint " << c.name << " differs\n";
    }
  }
  std::map<std::string, std::string> wi, gi;
  for (const auto& ix : want.indexes) wi[ix.name] = ddl::create_index(ix);
  for (const auto& ix : got.indexes) gi[ix.name] = ddl::create_index(ix);
  compare_named(out, "index ", wi, gi);
  if (out.str().empty()) {
    for (const auto& ix : want.indexes)
      for (const auto& g : got.indexes)
        if (ix.name == g.name && !(ix == g)) out << "index " << ix.name << " differs\n";
    if (!(want.enums == got.enums)) out << "enums differ\n";
  }
  return out.str();
}

// ---- helpers for hand-written statements

catalog::Schema replay_script(const std::string& script, Diagnostics& diags,
                              std::vector<UnmodeledStatement>* unmodeled = nullptr,
                              const std::string& file = "migrations/1_init.sql", int first_line = 2) {
  catalog::Schema schema;
  replay(schema, located_statements(script, {file, first_line, 1}, diags), diags, unmodeled);
  return schema;
}

catalog::Schema replay_ok(const std::string& script) {
  Diagnostics diags;
  auto schema = replay_script(script, diags);
  EXPECT_FALSE(diags.has_errors()) << messages(diags);
  return schema;
}

// Applies `script` on top of `schema` and expects it to go through.
void apply_ok(catalog::Schema& schema, const std::string& script) {
  Diagnostics diags;
  replay(schema, located_statements(script, {"m.sql", 1, 1}, diags), diags);
  EXPECT_FALSE(diags.has_errors()) << messages(diags);
}

// Applies `script` and returns its messages.
std::string apply_failing(catalog::Schema& schema, const std::string& script) {
  Diagnostics diags;
  replay(schema, located_statements(script, {"m.sql", 1, 1}, diags), diags);
  EXPECT_TRUE(diags.has_errors()) << "expected an error from:\n" << script;
  return messages(diags);
}

const catalog::Constraint* find_constraint(const catalog::Schema& s, const std::string& table, const std::string& name) {
  const catalog::Table* t = s.table(table);
  if (!t) return nullptr;
  for (const auto& c : t->constraints)
    if (c.name == name) return &c;
  return nullptr;
}

std::vector<std::string> constraint_names(const catalog::Schema& s, const std::string& table) {
  std::vector<std::string> out;
  if (const catalog::Table* t = s.table(table))
    for (const auto& c : t->constraints) out.push_back(c.name);
  std::sort(out.begin(), out.end());
  return out;
}

const catalog::Index* find_index(const catalog::Schema& s, const std::string& name) {
  for (const auto& ix : s.indexes)
    if (ix.name == name) return &ix;
  return nullptr;
}

std::string canon(const std::string& expr) { return sql::canonical_expression(expr).value_or("<not an expression>"); }

// ---------------------------------------------------------------------------------------
// 1. Round trip: what plan_create emits replays to the catalog it was planned from.

std::vector<fs::path> round_trip_projects() {
  std::vector<fs::path> out = {source_root() / "tenantc.yaml"};
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(source_root() / "tests" / "golden" / "cases"))
    if (entry.is_directory() && entry.path().filename().string().rfind("good_", 0) == 0)
      cases.push_back(entry.path() / "tenantc.yaml");
  std::sort(cases.begin(), cases.end());
  out.insert(out.end(), cases.begin(), cases.end());
  return out;
}

TEST(ReplayRoundTrip, EveryGoodProjectReplaysToTheCatalogItWasPlannedFrom) {
  const auto projects = round_trip_projects();
  ASSERT_GE(projects.size(), 11u) << "the example project and the good golden cases";
  for (const auto& project_file : projects) {
    SCOPED_TRACE(project_file.string());
    const catalog::Schema built = build_schema(load(project_file));
    const Plan plan = plan_create(built);
    // The YAML side holds expressions as written; replay holds them canonical.
    catalog::Schema want = built;
    canonicalize_expressions(want);

    Diagnostics diags;
    const catalog::Schema replayed = replay_all(plan.up(), diags);
    EXPECT_FALSE(diags.has_errors()) << messages(diags);
    EXPECT_EQ(difference(want, replayed), "");

    // The same statements as history.cpp holds them: deparsed by libpg_query, whose
    // deparser drops NULLS NOT DISTINCT from UNIQUE constraints (see the test below), so
    // that form is equal except for that flag. Replay the migration's own text.
    Diagnostics diags2;
    const catalog::Schema from_history = replay_all(canonical_statements(plan.up()), diags2);
    EXPECT_FALSE(diags2.has_errors()) << messages(diags2);
    catalog::Schema want_lossy = want;
    for (auto& t : want_lossy.tables)
      for (auto& c : t.constraints)
        if (c.kind == catalog::ConstraintKind::Unique) c.nulls_not_distinct = false;
    EXPECT_EQ(difference(want_lossy, from_history), "");

    // Replaying is a fixed point: the plan of the replayed catalog replays to it again.
    Diagnostics diags3;
    EXPECT_EQ(difference(replayed, replay_all(plan_create(replayed).up(), diags3)), "");
    EXPECT_FALSE(diags3.has_errors()) << messages(diags3);
  }
}

// libpg_query 15-4.0.0's deparser loses NULLS NOT DISTINCT of a UNIQUE constraint (not of a
// unique index). History must therefore hand replay the statements' original text; when
// this test fails, the deparser is fixed and the round trip above can drop its workaround.
TEST(ReplayRoundTrip, DeparserDropsNullsNotDistinctOfUniqueConstraints) {
  EXPECT_EQ(sql::canonical("CREATE TABLE t (a int, CONSTRAINT c UNIQUE NULLS NOT DISTINCT (a))", nullptr),
            "CREATE TABLE t (a int, CONSTRAINT c UNIQUE (a))");
  Diagnostics diags;
  catalog::Schema s = replay_all({"CREATE TABLE t (a int, CONSTRAINT c UNIQUE NULLS NOT DISTINCT (a))"}, diags);
  EXPECT_TRUE(find_constraint(s, "t", "c")->nulls_not_distinct);
}

TEST(ReplayRoundTrip, DifferenceNamesWhatDiffers) {
  catalog::Schema a = replay_ok("CREATE TABLE t (id int PRIMARY KEY, n text DEFAULT 'x')");
  catalog::Schema b = replay_ok("CREATE TABLE t (id int PRIMARY KEY, n text DEFAULT 'y')");
  EXPECT_EQ(difference(a, b),
            "column t.n differs:\n    yaml:   n text DEFAULT 'x'\n    replay: n text DEFAULT 'y'\n");
  catalog::Schema c = replay_ok("CREATE TABLE t (id int, n text DEFAULT 'x')");
  EXPECT_EQ(difference(a, c),
            "column t.id differs:\n    yaml:   id integer NOT NULL\n    replay: id integer\n"
            "constraint on t: t_pkey missing from the replay:\n    CONSTRAINT t_pkey PRIMARY KEY (id)\n");
}

// ---------------------------------------------------------------------------------------
// 2. Hand-written migrations in the sql-migrate README's style.

TEST(ReplayHandWritten, SqlMigrateReadmeExample) {
  // The Up section of the README's example, with its comment and a fenced function.
  const std::string up = R"sql(-- SQL in section 'Up' is executed when this migration is applied
CREATE TABLE people (id int);

-- +migrate StatementBegin
CREATE OR REPLACE FUNCTION do_something()
returns void AS $$
DECLARE
  create_query text;
BEGIN
  -- Do something here
END;
$$
language plpgsql;
-- +migrate StatementEnd
)sql";
  Diagnostics diags;
  std::vector<UnmodeledStatement> unmodeled;
  catalog::Schema s = replay_script(up, diags, &unmodeled, "migrations/1_init.sql", 2);
  EXPECT_FALSE(diags.has_errors()) << messages(diags);
  ASSERT_EQ(s.tables.size(), 1u);
  EXPECT_EQ(s.tables[0].name, "people");
  ASSERT_EQ(s.tables[0].columns.size(), 1u);
  EXPECT_EQ(describe(s.tables[0].columns[0]), "id integer");
  EXPECT_TRUE(s.tables[0].constraints.empty());
  ASSERT_EQ(unmodeled.size(), 1u);
  EXPECT_EQ(unmodeled[0].what, "CREATE OR REPLACE FUNCTION");
  EXPECT_EQ(unmodeled[0].loc.str(), "migrations/1_init.sql:6:1");
  EXPECT_EQ(unmodeled[0].sql.rfind("CREATE OR REPLACE FUNCTION do_something()", 0), 0u);
}

TEST(ReplayHandWritten, AShopBuiltByHand) {
  catalog::Schema s = replay_ok(R"sql(
CREATE TABLE people (id int);
ALTER TABLE people ADD PRIMARY KEY (id);
ALTER TABLE people ADD COLUMN name varchar(100) NOT NULL DEFAULT 'nobody';
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE pets (
  id bigserial PRIMARY KEY,
  owner int4 NOT NULL REFERENCES people ON DELETE CASCADE,
  name text UNIQUE,
  feeling mood DEFAULT 'happy',
  born timestamp with time zone,
  weight decimal(6,2) CHECK (weight>0),
  tags character varying(20)[],
  flags boolean[] DEFAULT '{}',
  ratio float,
  CHECK ((weight < 100) OR name IS NOT NULL)
);
CREATE INDEX ON pets (owner, born DESC) WHERE name IS NOT NULL;
COMMENT ON TABLE pets IS 'Animals.';
COMMENT ON COLUMN pets.name IS 'Its name.';
COMMENT ON TYPE mood IS 'How it feels.';
)sql");
  catalog::Schema want;
  want.enums.push_back({"mood", {"sad", "happy"}, "How it feels."});
  catalog::Table people;
  people.name = "people";
  people.columns = {{"id", "integer", true}, {"name", "varchar(100)", true, "'nobody'"}};
  people.constraints.push_back({catalog::ConstraintKind::PrimaryKey, "people_pkey", {"id"}});
  catalog::Table pets;
  pets.name = "pets";
  pets.comment = "Animals.";
  pets.columns = {{"id", "bigint", true, "nextval('pets_id_seq'::regclass)"},
                  {"owner", "integer", true},
                  {"name", "text", false, "", "", "Its name."},
                  {"feeling", "mood", false, "'happy'"},
                  {"born", "timestamptz"},
                  {"weight", "numeric(6,2)"},
                  {"tags", "varchar(20)[]"},
                  {"flags", "boolean[]", false, "'{}'"},
                  {"ratio", "double precision"}};
  catalog::Constraint check_weight{catalog::ConstraintKind::Check, "pets_weight_check"};
  check_weight.expression = "weight > 0";
  catalog::Constraint check_both{catalog::ConstraintKind::Check, "pets_check"};
  check_both.expression = canon("weight < 100 OR name IS NOT NULL");
  catalog::Constraint owner_fk{catalog::ConstraintKind::ForeignKey, "pets_owner_fkey", {"owner"}};
  owner_fk.ref_table = "people";
  owner_fk.ref_columns = {"id"};
  owner_fk.on_delete = "CASCADE";
  pets.constraints = {check_weight, check_both, {catalog::ConstraintKind::PrimaryKey, "pets_pkey", {"id"}},
                      {catalog::ConstraintKind::Unique, "pets_name_key", {"name"}}, owner_fk};
  want.tables = {people, pets};
  catalog::Index ix;
  ix.name = "pets_owner_born_idx";
  ix.table = "pets";
  ix.keys = {{"owner", false}, {"born", true}};
  ix.where = "name IS NOT NULL";
  want.indexes = {ix};
  EXPECT_EQ(difference(want, s), "");
}

TEST(ReplayHandWritten, TypeSpellingsMeetTheSchemaLanguage) {
  catalog::Schema s = replay_ok(R"sql(
CREATE TYPE color AS ENUM ('red');
CREATE TABLE t (
  a int, b integer, c int4, d pg_catalog.int4, e smallint, f int2, g bigint, h int8,
  i real, j float4, k float8, l double precision, m bool, n boolean,
  o decimal(10,2), p numeric(10,2), q numeric(12), r varchar(5), s character varying(5),
  u timestamptz, v timestamp with time zone, w jsonb, x bytea, y uuid, z date,
  aa color, ab public.color[], ac text[][], ad timestamptz(3), ae timestamp, af numeric
))sql");
  std::vector<std::string> types;
  for (const auto& c : s.tables.at(0).columns) types.push_back(c.type);
  EXPECT_EQ(ddl::join(types),
            "integer, integer, integer, integer, smallint, smallint, bigint, bigint, real, real, double precision, "
            "double precision, boolean, boolean, numeric(10,2), numeric(10,2), numeric(12,0), varchar(5), varchar(5), "
            "timestamptz, timestamptz, jsonb, bytea, uuid, date, color, color[], text[], timestamptz(3), timestamp, "
            "numeric");
}

// ---------------------------------------------------------------------------------------
// PostgreSQL's names for unnamed constraints and indexes.

TEST(ReplayNames, DefaultNamesFollowPostgres) {
  catalog::Schema s = replay_ok(R"sql(
CREATE TABLE parents (tenant_id uuid, id uuid, PRIMARY KEY (tenant_id, id));
CREATE TABLE kids (
  tenant_id uuid,
  id uuid,
  parent_id uuid,
  a int CHECK (a > 0),
  b int,
  CHECK (a < b),
  CHECK (a <> 5),
  UNIQUE (tenant_id, a),
  UNIQUE NULLS NOT DISTINCT (b),
  FOREIGN KEY (tenant_id, parent_id) REFERENCES parents ON DELETE SET NULL (parent_id)
);
CREATE INDEX ON kids (b);
CREATE UNIQUE INDEX ON kids (a, b);
CREATE INDEX ON kids (b);
)sql");
  EXPECT_EQ(ddl::join(constraint_names(s, "kids")),
            "kids_a_check, kids_a_check1, kids_b_key, kids_check, kids_tenant_id_a_key, kids_tenant_id_parent_id_fkey");
  const auto* fk = find_constraint(s, "kids", "kids_tenant_id_parent_id_fkey");
  ASSERT_TRUE(fk);
  EXPECT_EQ(ddl::constraint_clause(*fk),
            "CONSTRAINT kids_tenant_id_parent_id_fkey FOREIGN KEY (tenant_id, parent_id) REFERENCES parents (tenant_id, "
            "id) ON DELETE SET NULL (parent_id)");
  EXPECT_TRUE(find_constraint(s, "kids", "kids_b_key")->nulls_not_distinct);
  EXPECT_TRUE(find_index(s, "kids_b_idx"));
  EXPECT_TRUE(find_index(s, "kids_a_b_idx"));
  EXPECT_TRUE(find_index(s, "kids_b_idx1"));
  // A primary key makes its columns NOT NULL.
  EXPECT_TRUE(s.table("parents")->column("id")->not_null);
  EXPECT_FALSE(s.table("kids")->column("id")->not_null);
}

TEST(ReplayNames, LongNamesAreCutAsPostgresCutsThem) {
  const std::string table(60, 't');
  catalog::Schema s = replay_ok("CREATE TABLE " + table + " (id int PRIMARY KEY, " + std::string(40, 'c') +
                                " int UNIQUE)");
  // makeObjectName: 63 bytes, the longer part shortened first.
  EXPECT_EQ(ddl::join(constraint_names(s, table)),
            std::string(29, 't') + "_" + std::string(29, 'c') + "_key, " + std::string(58, 't') + "_pkey");
}

TEST(ReplayNames, NamesAreUniqueAcrossTheSchema) {
  // An unnamed constraint's name may not be taken by any constraint or relation of the schema.
  catalog::Schema s = replay_ok(R"sql(
CREATE TABLE a (x int, CONSTRAINT b_x_check CHECK (x > 0));
CREATE TABLE b (x int CHECK (x > 1));
CREATE INDEX c_pkey ON a (x);
CREATE TABLE c (id int PRIMARY KEY);
)sql");
  EXPECT_EQ(ddl::join(constraint_names(s, "b")), "b_x_check1");
  EXPECT_EQ(ddl::join(constraint_names(s, "c")), "c_pkey1");
}

TEST(ReplayNames, CreateTableDropsAUniqueConstraintThatRepeatsTheKey) {
  catalog::Schema s = replay_ok("CREATE TABLE t (id int PRIMARY KEY UNIQUE, a int UNIQUE, UNIQUE (a))");
  EXPECT_EQ(ddl::join(constraint_names(s, "t")), "t_a_key, t_pkey");
}

// ---------------------------------------------------------------------------------------
// 3. Each ALTER changes the catalog as PostgreSQL would.

const char* kBase = R"sql(
CREATE TYPE status AS ENUM ('draft', 'active');
CREATE TABLE owners (id int PRIMARY KEY);
CREATE TABLE items (
  id int PRIMARY KEY,
  owner_id int REFERENCES owners,
  code text NOT NULL,
  qty int NOT NULL DEFAULT 0 CHECK (qty >= 0),
  state status NOT NULL DEFAULT 'draft',
  history status[] NOT NULL DEFAULT '{"draft"}'::status[],
  total int GENERATED ALWAYS AS (qty * 2) STORED,
  UNIQUE (code)
);
CREATE INDEX items_live_idx ON items (owner_id, qty DESC) WHERE state <> 'draft';
)sql";

TEST(ReplayAlter, AddColumnWithConstraints) {
  catalog::Schema s = replay_ok(kBase);
  apply_ok(s, "ALTER TABLE items ADD COLUMN sku varchar(20) NOT NULL DEFAULT '' UNIQUE CHECK (sku <> 'x')");
  const auto* c = s.table("items")->column("sku");
  ASSERT_TRUE(c);
  EXPECT_EQ(describe(*c), "sku varchar(20) NOT NULL DEFAULT ''");
  EXPECT_EQ(s.table("items")->columns.back().name, "sku");  // appended, as PostgreSQL does
  EXPECT_TRUE(find_constraint(s, "items", "items_sku_key"));
  EXPECT_TRUE(find_constraint(s, "items", "items_sku_check"));
  apply_ok(s, "ALTER TABLE items ADD COLUMN IF NOT EXISTS sku int");
  EXPECT_EQ(s.table("items")->column("sku")->type, "varchar(20)");
  apply_failing(s, "ALTER TABLE items ADD COLUMN sku int");
}

TEST(ReplayAlter, DropColumnTakesItsConstraintsAndIndexes) {
  catalog::Schema s = replay_ok(kBase);
  // A foreign key into the dropped column needs CASCADE; it then goes.
  catalog::Schema o = s;
  EXPECT_NE(apply_failing(o, "ALTER TABLE owners DROP COLUMN id")
                .find("because constraint items_owner_id_fkey on table items depends on it"),
            std::string::npos);
  apply_ok(o, "ALTER TABLE owners DROP COLUMN id CASCADE");
  EXPECT_FALSE(find_constraint(o, "items", "items_owner_id_fkey"));
  EXPECT_TRUE(o.table("owners")->constraints.empty());

  apply_ok(s, "ALTER TABLE items DROP COLUMN owner_id");
  EXPECT_FALSE(s.table("items")->column("owner_id"));
  EXPECT_FALSE(find_constraint(s, "items", "items_owner_id_fkey"));
  EXPECT_FALSE(find_index(s, "items_live_idx"));
  // A generated column reads qty: PostgreSQL needs CASCADE, which drops it (and the check).
  EXPECT_NE(apply_failing(s, "ALTER TABLE items DROP COLUMN qty").find("column total of table items depends on it"),
            std::string::npos);
  EXPECT_TRUE(s.table("items")->column("qty"));
  apply_ok(s, "ALTER TABLE items DROP COLUMN qty CASCADE");
  EXPECT_FALSE(s.table("items")->column("total"));
  EXPECT_FALSE(find_constraint(s, "items", "items_qty_check"));
  apply_ok(s, "ALTER TABLE items DROP COLUMN IF EXISTS qty");
}

TEST(ReplayAlter, AlterColumnTypeNullabilityAndDefault) {
  catalog::Schema s = replay_ok(kBase);
  // A column a generated column reads keeps its type; a generated column takes no default.
  EXPECT_NE(apply_failing(s, "ALTER TABLE items ALTER qty TYPE bigint").find("used by a generated column"),
            std::string::npos);
  apply_failing(s, "ALTER TABLE items ALTER COLUMN total SET DEFAULT 3");
  apply_failing(s, "ALTER TABLE items ALTER COLUMN total DROP DEFAULT");
  apply_ok(s, R"sql(
ALTER TABLE items ALTER COLUMN total DROP EXPRESSION;
ALTER TABLE items ALTER COLUMN code TYPE varchar(50) USING left(code, 50);
ALTER TABLE items ALTER qty TYPE bigint, ALTER COLUMN qty DROP NOT NULL, ALTER COLUMN qty SET DEFAULT 1 + 1;
ALTER TABLE items ALTER COLUMN owner_id SET NOT NULL;
ALTER TABLE items ALTER COLUMN state DROP DEFAULT;
ALTER TABLE items ALTER COLUMN history SET DEFAULT NULL;
)sql");
  const auto& t = *s.table("items");
  EXPECT_EQ(describe(*t.column("code")), "code varchar(50) NOT NULL");
  EXPECT_EQ(describe(*t.column("qty")), "qty bigint DEFAULT 1 + 1");
  EXPECT_EQ(describe(*t.column("owner_id")), "owner_id integer NOT NULL");
  EXPECT_EQ(describe(*t.column("state")), "state status NOT NULL");
  EXPECT_EQ(describe(*t.column("history")), "history status[] NOT NULL");
  EXPECT_EQ(describe(*t.column("total")), "total integer");
  // A primary key column stays NOT NULL.
  EXPECT_NE(apply_failing(s, "ALTER TABLE items ALTER COLUMN id DROP NOT NULL").find("is in a primary key"),
            std::string::npos);
}

TEST(ReplayAlter, AddAndDropConstraint) {
  catalog::Schema s = replay_ok(kBase);
  apply_ok(s, R"sql(
ALTER TABLE items ADD CONSTRAINT qty_small CHECK (qty < 1000), ADD UNIQUE NULLS NOT DISTINCT (owner_id, code);
ALTER TABLE items ADD CHECK (qty <> total);
ALTER TABLE items DROP CONSTRAINT items_qty_check;
ALTER TABLE items DROP CONSTRAINT IF EXISTS no_such_thing;
ALTER TABLE items VALIDATE CONSTRAINT qty_small;
)sql");
  EXPECT_EQ(ddl::join(constraint_names(s, "items")),
            "items_check, items_code_key, items_owner_id_code_key, items_owner_id_fkey, items_pkey, qty_small");
  EXPECT_EQ(find_constraint(s, "items", "qty_small")->expression, "qty < 1000");
  // The key another table's foreign key relies on needs CASCADE, which drops the foreign key.
  EXPECT_NE(apply_failing(s, "ALTER TABLE owners DROP CONSTRAINT owners_pkey")
                .find("constraint items_owner_id_fkey on table items depends on it"),
            std::string::npos);
  apply_ok(s, "ALTER TABLE owners DROP CONSTRAINT owners_pkey CASCADE");
  EXPECT_FALSE(find_constraint(s, "items", "items_owner_id_fkey"));
  EXPECT_TRUE(s.table("owners")->column("id")->not_null);  // dropping the key keeps NOT NULL
  apply_failing(s, "ALTER TABLE items ADD FOREIGN KEY (owner_id) REFERENCES owners");  // no key any more
}

TEST(ReplayAlter, NotValidUntilValidated) {
  catalog::Schema s = replay_ok(kBase);
  apply_ok(s, R"sql(
ALTER TABLE items ADD CONSTRAINT qty_small CHECK (qty < 1000) NOT VALID;
ALTER TABLE items ADD CONSTRAINT qty_big CHECK (qty > -1000) NOT VALID;
)sql");
  EXPECT_FALSE(find_constraint(s, "items", "qty_small")->valid);
  EXPECT_FALSE(find_constraint(s, "items", "qty_big")->valid);
  EXPECT_TRUE(find_constraint(s, "items", "items_qty_check")->valid);
  apply_ok(s, "ALTER TABLE items VALIDATE CONSTRAINT qty_small");
  EXPECT_TRUE(find_constraint(s, "items", "qty_small")->valid);
  EXPECT_FALSE(find_constraint(s, "items", "qty_big")->valid);
  // In CREATE TABLE, PostgreSQL ignores NOT VALID: the table is empty.
  apply_ok(s, "CREATE TABLE t (a int, CONSTRAINT a_pos CHECK (a > 0) NOT VALID)");
  EXPECT_TRUE(find_constraint(s, "t", "a_pos")->valid);
}

TEST(ReplayAlter, RenameColumnCarriesIntoConstraintsIndexesAndExpressions) {
  catalog::Schema s = replay_ok(kBase);
  apply_ok(s, R"sql(
ALTER TABLE items RENAME COLUMN qty TO quantity;
ALTER TABLE owners RENAME id TO owner_key;
ALTER TABLE items RENAME COLUMN state TO phase;
)sql");
  const auto& t = *s.table("items");
  EXPECT_EQ(find_constraint(s, "items", "items_qty_check")->expression, "quantity >= 0");
  EXPECT_EQ(t.column("total")->generated, "quantity * 2");
  const auto* ix = find_index(s, "items_live_idx");
  EXPECT_EQ(ddl::create_index(*ix), "CREATE INDEX items_live_idx ON items (owner_id, quantity DESC) WHERE phase <> 'draft'");
  EXPECT_EQ(find_constraint(s, "items", "items_owner_id_fkey")->ref_columns, std::vector<std::string>{"owner_key"});
  EXPECT_EQ(find_constraint(s, "owners", "owners_pkey")->columns, std::vector<std::string>{"owner_key"});
  apply_failing(s, "ALTER TABLE items RENAME COLUMN quantity TO code");
}

TEST(ReplayAlter, RenameTableConstraintAndIndex) {
  catalog::Schema s = replay_ok(kBase);
  apply_ok(s, R"sql(
ALTER TABLE owners RENAME TO holders;
ALTER TABLE items RENAME CONSTRAINT items_owner_id_fkey TO items_holder_fkey;
ALTER INDEX items_live_idx RENAME TO items_busy_idx;
ALTER INDEX items_code_key RENAME TO items_code_uq;
ALTER TABLE IF EXISTS nothing RENAME TO something;
)sql");
  EXPECT_FALSE(s.table("owners"));
  ASSERT_TRUE(s.table("holders"));
  EXPECT_TRUE(find_constraint(s, "holders", "owners_pkey"));  // PostgreSQL keeps constraint names
  EXPECT_EQ(find_constraint(s, "items", "items_holder_fkey")->ref_table, "holders");
  EXPECT_TRUE(find_index(s, "items_busy_idx"));
  EXPECT_FALSE(find_index(s, "items_live_idx"));
  // A unique constraint's index and the constraint share their name.
  EXPECT_TRUE(find_constraint(s, "items", "items_code_uq"));
  apply_ok(s, "ALTER TABLE items RENAME TO things");
  EXPECT_EQ(find_index(s, "items_busy_idx")->table, "things");
  apply_failing(s, "ALTER TABLE things RENAME TO holders");
}

TEST(ReplayAlter, EnumValuesAndTypeRename) {
  catalog::Schema s = replay_ok(kBase);
  apply_ok(s, R"sql(
ALTER TYPE status ADD VALUE 'archived';
ALTER TYPE status ADD VALUE IF NOT EXISTS 'draft';
ALTER TYPE status ADD VALUE 'new' BEFORE 'draft';
ALTER TYPE status ADD VALUE 'paused' AFTER 'active';
)sql");
  EXPECT_EQ(ddl::join(s.enums[0].values), "new, draft, active, paused, archived");
  apply_failing(s, "ALTER TYPE status ADD VALUE 'new'");
  apply_failing(s, "ALTER TYPE status ADD VALUE 'x' AFTER 'nope'");

  // A renamed value shows its new label wherever a constant of the type is stored.
  apply_ok(s, "ALTER TYPE status RENAME VALUE 'draft' TO 'pending'");
  EXPECT_EQ(ddl::join(s.enums[0].values), "new, pending, active, paused, archived");
  EXPECT_EQ(s.table("items")->column("state")->default_expr, "'pending'");
  EXPECT_EQ(s.table("items")->column("history")->default_expr, canon("'{\"pending\"}'::status[]"));
  EXPECT_EQ(find_index(s, "items_live_idx")->where, "state <> 'pending'");

  apply_ok(s, "ALTER TYPE status RENAME TO phase");
  EXPECT_EQ(s.enums[0].name, "phase");
  const auto& t = *s.table("items");
  EXPECT_EQ(t.column("state")->type, "phase");
  EXPECT_EQ(t.column("history")->type, "phase[]");
  EXPECT_EQ(t.column("history")->default_expr, canon("'{\"pending\"}'::phase[]"));
}

// What the differ relies on for enum renames (it replays them into `from`): checks and casts
// that hold a constant of the type follow, a comparison as text does not (as in PostgreSQL,
// where it holds a text constant), and a rename PostgreSQL would refuse changes nothing.
TEST(ReplayAlter, EnumRenamesReachChecksAndCasts) {
  catalog::Schema s = replay_ok(kBase);
  apply_ok(s, R"sql(
ALTER TABLE items ADD CONSTRAINT one_of CHECK (state IN ('draft', 'active'));
ALTER TABLE items ADD CONSTRAINT cast_one CHECK (state <> 'draft'::status OR qty > 0);
ALTER TABLE items ADD CONSTRAINT as_text CHECK (state::text <> 'draft' OR qty > 1);
)sql");
  apply_ok(s, "ALTER TYPE status RENAME VALUE 'draft' TO 'open'; ALTER TYPE status RENAME TO phase");
  EXPECT_EQ(find_constraint(s, "items", "one_of")->expression, canon("state IN ('open', 'active')"));
  EXPECT_EQ(find_constraint(s, "items", "cast_one")->expression, canon("state <> 'open'::phase OR qty > 0"));
  EXPECT_EQ(find_constraint(s, "items", "as_text")->expression, canon("state::text <> 'draft' OR qty > 1"));
  apply_failing(s, "ALTER TYPE phase RENAME VALUE 'draft' TO 'x'");
  apply_failing(s, "ALTER TYPE phase RENAME VALUE 'open' TO 'active'");
  apply_failing(s, "ALTER TYPE phase RENAME TO items");
  apply_failing(s, "ALTER TYPE status RENAME TO other");
  EXPECT_EQ(ddl::join(s.enums[0].values), "open, active");
}

TEST(ReplayAlter, DropTableIndexAndType) {
  catalog::Schema s = replay_ok(kBase);
  EXPECT_NE(apply_failing(s, "DROP TABLE owners").find("constraint items_owner_id_fkey on table items depends on it"),
            std::string::npos);
  apply_ok(s, "DROP INDEX CONCURRENTLY items_live_idx");
  EXPECT_TRUE(s.indexes.empty());
  apply_ok(s, "DROP INDEX IF EXISTS items_live_idx");
  apply_failing(s, "DROP INDEX items_code_key");  // the constraint owns it
  apply_ok(s, "CREATE INDEX items_owner_idx ON items USING hash (owner_id); DROP TABLE owners CASCADE");
  EXPECT_FALSE(find_constraint(s, "items", "items_owner_id_fkey"));
  EXPECT_EQ(find_index(s, "items_owner_idx")->method, "hash");
  apply_failing(s, "DROP TYPE status");  // columns use it
  apply_ok(s, "DROP TABLE items; DROP TYPE status; DROP TYPE IF EXISTS status; DROP TABLE IF EXISTS items");
  EXPECT_TRUE(s.tables.empty());
  EXPECT_TRUE(s.indexes.empty());  // a table's indexes go with it
  EXPECT_TRUE(s.enums.empty());
}

TEST(ReplayAlter, DropTypeCascadeDropsItsColumns) {
  catalog::Schema s = replay_ok(kBase);
  apply_ok(s, "DROP TYPE status CASCADE");
  EXPECT_FALSE(s.table("items")->column("state"));
  EXPECT_FALSE(s.table("items")->column("history"));
  EXPECT_FALSE(find_index(s, "items_live_idx"));  // its predicate read the column
}

TEST(ReplayAlter, CommentsSetAndClear) {
  catalog::Schema s = replay_ok(kBase);
  apply_ok(s, R"sql(
COMMENT ON TABLE items IS 'Things.';
COMMENT ON COLUMN items.code IS 'The code.';
COMMENT ON TYPE status IS 'Where it is.';
)sql");
  EXPECT_EQ(s.table("items")->comment, "Things.");
  EXPECT_EQ(s.table("items")->column("code")->comment, "The code.");
  EXPECT_EQ(s.enums[0].comment, "Where it is.");
  apply_ok(s, "COMMENT ON TABLE items IS NULL; COMMENT ON COLUMN public.items.code IS ''; COMMENT ON TYPE status IS NULL");
  EXPECT_EQ(s.table("items")->comment, "");
  EXPECT_EQ(s.table("items")->column("code")->comment, "");
  EXPECT_EQ(s.enums[0].comment, "");
}

TEST(ReplayAlter, CreateIfNotExistsAndFailedStatementsChangeNothing) {
  catalog::Schema s = replay_ok(kBase);
  apply_ok(s, "CREATE TABLE IF NOT EXISTS items (x int); CREATE INDEX IF NOT EXISTS items_live_idx ON items (code)");
  EXPECT_FALSE(s.table("items")->column("x"));
  EXPECT_EQ(find_index(s, "items_live_idx")->keys.size(), 2u);
  // The second action fails, so the first does not happen either.
  catalog::Schema before = s;
  apply_failing(s, "ALTER TABLE items ADD COLUMN y int, ALTER COLUMN nope SET NOT NULL");
  EXPECT_EQ(difference(before, s), "");
}

// ---------------------------------------------------------------------------------------
// 4. What cannot be modelled is reported where it is.

TEST(ReplayReport, UnsupportedStatementIsAnErrorAtItsLocation) {
  const std::string up =
      "CREATE TABLE people (id int);\n"
      "\n"
      "  CREATE VIEW adults AS SELECT * FROM people;\n"
      "INSERT INTO people VALUES (1);\n"
      "GRANT SELECT ON people TO app;\n";
  Diagnostics diags;
  catalog::Schema s = replay_script(up, diags, nullptr, "migrations/changes-1767225600.sql", 8);
  ASSERT_EQ(diags.error_count(), 3u) << messages(diags);
  EXPECT_EQ(diags.all()[0].loc.str(), "migrations/changes-1767225600.sql:10:3");
  EXPECT_NE(diags.all()[0].message.find("cannot model this statement (CREATE VIEW)"), std::string::npos)
      << diags.all()[0].message;
  EXPECT_EQ(diags.all()[1].loc.str(), "migrations/changes-1767225600.sql:11:1");
  EXPECT_NE(diags.all()[1].message.find("(INSERT INTO)"), std::string::npos);
  EXPECT_EQ(diags.all()[2].loc.str(), "migrations/changes-1767225600.sql:12:1");
  EXPECT_TRUE(s.table("people"));  // the rest is replayed
}

TEST(ReplayReport, UnmodeledStatementsAreCollectedWhenAsked) {
  Diagnostics diags;
  std::vector<UnmodeledStatement> unmodeled;
  replay_script(
      "CREATE TABLE t (a int, b jsonb);\n"
      "CREATE INDEX t_lower ON t (lower(b->>'x'));\n"
      "ALTER TABLE t ENABLE ROW LEVEL SECURITY;\n"
      "CREATE EXTENSION IF NOT EXISTS pgcrypto;\n",
      diags, &unmodeled, "m.sql", 1);
  EXPECT_FALSE(diags.has_errors()) << messages(diags);
  ASSERT_EQ(unmodeled.size(), 3u);
  EXPECT_EQ(unmodeled[0].what, "CREATE INDEX");
  EXPECT_EQ(unmodeled[0].loc.str(), "m.sql:2:1");
  EXPECT_EQ(unmodeled[0].sql, "CREATE INDEX t_lower ON t (lower(b->>'x'))");
  EXPECT_EQ(unmodeled[1].what, "ALTER TABLE");
  EXPECT_EQ(unmodeled[2].what, "CREATE EXTENSION");
}

TEST(ReplayReport, UnsupportedClauseIsReportedAtTheClause) {
  Diagnostics diags;
  catalog::Schema s = replay_script(
      "CREATE TABLE o (id int PRIMARY KEY);\n"
      "CREATE TABLE t (\n"
      "  id int,\n"
      "  o int REFERENCES o ON UPDATE CASCADE\n"
      ");\n",
      diags, nullptr, "m.sql", 1);
  ASSERT_EQ(diags.error_count(), 1u) << messages(diags);
  EXPECT_EQ(diags.all()[0].loc.str(), "m.sql:4:9");
  EXPECT_EQ(diags.all()[0].message, "cannot model ON UPDATE in the catalog");
  EXPECT_TRUE(s.table("t"));
}

TEST(ReplayReport, RefusedStatementIsReportedAtTheRelation) {
  Diagnostics diags;
  replay_script("CREATE TABLE t (id int);\nALTER TABLE   missing ADD COLUMN x int;\n", diags, nullptr, "m.sql", 3);
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.all()[0].loc.str(), "m.sql:4:15");
  EXPECT_EQ(diags.all()[0].message, "relation \"missing\" does not exist");
}

TEST(ReplayReport, SyntaxErrorIsReportedAtItsPlace) {
  Diagnostics diags;
  replay_script("CREATE TABLE t (id int);\nCREATE TABLE u (id int,);\n", diags, nullptr, "m.sql", 1);
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.all()[0].loc.str(), "m.sql:2:24");
  EXPECT_NE(diags.all()[0].message.find("migration does not parse"), std::string::npos);
}

TEST(ReplayReport, ReplayAllNamesStatementsByNumber) {
  Diagnostics diags;
  replay_all({"CREATE TABLE t (id int)", "ALTER TABLE t\n  DROP COLUMN nope"}, diags);
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.all()[0].loc.str(), "statement 2:1:13");
}

}  // namespace
