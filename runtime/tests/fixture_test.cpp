// tenantc::testing itself: migration reading and order, template clones, fresh databases per test.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "tenantc/runtime.hpp"
#include "tenantc/testing.hpp"

using namespace tenantc;

namespace {

class Fixture : public tenantc::testing::DatabaseTest {
 protected:
  std::string migrations_dir() const override { return TEST_MIGRATIONS_DIR; }

  std::int64_t count(const std::string& sql) { return conn().execute(sql)[0].get<std::int64_t>(0); }
  static std::int64_t templates() {
    Connection c = Connection::open(tenantc::testing::PostgresServer::instance().url("postgres"));
    return c.execute("SELECT count(*) FROM pg_database WHERE datname LIKE 'tenantc_template_%'")[0]
        .get<std::int64_t>(0);
  }
  static std::set<std::string>& seen_databases() {
    static std::set<std::string> seen;
    return seen;
  }

  // Both "fresh database" tests: whichever runs second must not see the first one's row.
  void check_fresh() {
    EXPECT_EQ(count("SELECT count(*) FROM parents"), 0);
    conn().execute("INSERT INTO parents VALUES (1)");
    EXPECT_TRUE(seen_databases().insert(database().name()).second) << database().name();
  }
};

TEST_F(Fixture, EveryTestGetsAFreshDatabase) { check_fresh(); }
TEST_F(Fixture, EveryTestGetsAFreshDatabaseToo) { check_fresh(); }

TEST_F(Fixture, MigrationsRunInSqlMigrateOrder) {
  auto migrations = tenantc::testing::read_migrations(TEST_MIGRATIONS_DIR);
  ASSERT_EQ(migrations.size(), 3u);
  EXPECT_EQ(migrations[0].name, "1_parents.sql");
  EXPECT_EQ(migrations[1].name, "2_items.sql");
  EXPECT_EQ(migrations[2].name, "10_products.sql");  // by number, not "10" < "2"
  // 10_products.sql altered items, so it ran after 2_items.sql; its Down did not run.
  EXPECT_EQ(count("SELECT count(*) FROM information_schema.columns "
                  "WHERE table_name = 'items' AND column_name = 'note'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM pg_proc WHERE proname = 'products_touch'"), 1);
}

TEST_F(Fixture, UpSectionOfASqlMigrateFile) {
  std::string up = tenantc::testing::migration_up(
      "-- header comment\n"
      "-- +migrate Up\n"
      "CREATE TABLE a (x int);\n"
      "-- +migrate StatementBegin\n"
      "SELECT 1;\n"
      "-- +migrate StatementEnd\n"
      "  -- +migrate Down\n"
      "DROP TABLE a;\n");
  EXPECT_EQ(up,
            "CREATE TABLE a (x int);\n"
            "-- +migrate StatementBegin\n"
            "SELECT 1;\n"
            "-- +migrate StatementEnd\n");
  EXPECT_EQ(tenantc::testing::migration_up("-- +migrate Up notransaction\nSELECT 1;"),
            "SELECT 1;\n");
  EXPECT_EQ(tenantc::testing::migration_up("SELECT 1;"), "");
  EXPECT_THROW(tenantc::testing::read_migrations("/nonexistent/migrations"), std::runtime_error);
}

TEST_F(Fixture, EachMigrationSetIsMigratedOnce) {
  std::int64_t before = templates();
  {
    tenantc::testing::MigratedDatabase same =
        tenantc::testing::MigratedDatabase::from_dir(TEST_MIGRATIONS_DIR);
    Connection c = same.connect();
    EXPECT_EQ(c.execute("SELECT count(*) FROM products")[0].get<std::int64_t>(0), 0);
  }
  EXPECT_EQ(templates(), before);
  {
    tenantc::testing::MigratedDatabase other(
        std::vector<std::string>{"CREATE TABLE only_here (x int);"});
    tenantc::testing::MigratedDatabase again(
        std::vector<std::string>{"CREATE TABLE only_here (x int);"});
    EXPECT_NE(other.name(), again.name());
    EXPECT_EQ(again.connect().execute("SELECT count(*) FROM only_here")[0].get<std::int64_t>(0), 0);
  }
  EXPECT_EQ(templates(), before + 1);
}

TEST_F(Fixture, TheExampleSchemaMigrates) {
  auto db = tenantc::testing::MigratedDatabase::from_dir(EXAMPLE_MIGRATIONS_DIR);
  Connection c = db.connect();
  EXPECT_FALSE(c.execute("SELECT to_regclass('tenants')")[0].is_null(0));
  EXPECT_GT(
      c.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")[0].get<std::int64_t>(
          0),
      10);
}

TEST_F(Fixture, ABadMigrationNamesItself) {
  try {
    tenantc::testing::MigratedDatabase db(std::vector<tenantc::testing::Migration>{
        {"1_good.sql", "CREATE TABLE fine (x int);"}, {"2_bad.sql", "CREATE TABLE broken ("}});
    FAIL() << "a broken migration applied";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("2_bad.sql"), std::string::npos) << e.what();
  }
  // Nothing half-migrated is left to be cloned later.
  EXPECT_THROW(tenantc::testing::MigratedDatabase(std::vector<tenantc::testing::Migration>{
                   {"2_bad.sql", "CREATE TABLE broken ("}}),
               std::runtime_error);
}

TEST_F(Fixture, OpenSessionsDoNotBlockTheDrop) {
  std::optional<tenantc::testing::MigratedDatabase> db(std::in_place, std::vector<std::string>{});
  Connection leftover = db->connect();
  db.reset();
  EXPECT_THROW(leftover.execute("SELECT 1"), ConnectionError);
}

TEST_F(Fixture, ServerIsPrivate) {
  auto& server = tenantc::testing::PostgresServer::instance();
  EXPECT_TRUE(
      std::filesystem::exists(server.socket_dir() + "/.s.PGSQL." + std::to_string(server.port())));
  Connection c = Connection::open(server.url("postgres"));
  EXPECT_EQ(c.execute("SHOW listen_addresses")[0].get<std::string>(0), "");
  EXPECT_EQ(c.execute("SHOW fsync")[0].get<std::string>(0), "off");
  EXPECT_EQ(c.execute("SHOW TimeZone")[0].get<std::string>(0), "UTC");
  EXPECT_EQ(c.execute("SHOW server_version_num")[0].get<std::string>(0).substr(0, 2), "15");
}

// A DatabaseTest without migrations: an empty database; SetMigrationsDir and the environment
// variable choose a folder for fixtures that do not override migrations_dir().
class FixtureDefaults : public tenantc::testing::DatabaseTest {};

TEST_F(FixtureDefaults, EmptyDatabaseAndDefaultFolder) {
  EXPECT_EQ(conn()
                .execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")[0]
                .get<std::int64_t>(0),
            0);
  EXPECT_EQ(migrations_dir(), "");
  EXPECT_TRUE(migrations().empty());
  setenv("TENANTC_MIGRATIONS_DIR", TEST_MIGRATIONS_DIR, 1);
  EXPECT_EQ(migrations_dir(), TEST_MIGRATIONS_DIR);
  unsetenv("TENANTC_MIGRATIONS_DIR");
  SetMigrationsDir(TEST_MIGRATIONS_DIR);
  EXPECT_EQ(migrations().size(), 3u);
  SetMigrationsDir("");
}

}  // namespace
