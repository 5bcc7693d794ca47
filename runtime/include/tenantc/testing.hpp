// tenantc::testing: a throwaway PostgreSQL per test process and a fresh migrated database per test.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tenantc/connection.hpp"

namespace tenantc::testing {

// One migration: its name (file name, for error messages) and its Up SQL.
struct Migration {
  std::string name;
  std::string up;
};

// The Up part of a sql-migrate file: the lines after "-- +migrate Up" up to "-- +migrate Down".
std::string migration_up(std::string_view file_text);
// The *.sql files directly in `dir`, in sql-migrate's order (names with a numeric prefix first,
// by number; then the others by name). std::runtime_error when `dir` cannot be read.
std::vector<Migration> read_migrations(const std::filesystem::path& dir);

// A PostgreSQL server of its own for this test process: initdb into a temp dir (as the
// `postgres` OS user when running as root, since initdb refuses root), reachable only through a
// unix socket in that dir, fsync off. Binaries from TENANTC_PG_BINDIR, else
// /usr/lib/postgresql/15/bin. A watchdog process stops the server and removes the dir when the
// process ends, however it ends (a crash or a ctest timeout included); TENANTC_PG_KEEP=1 keeps
// the dir (logs, data) for a post-mortem.
class PostgresServer {
 public:
  // Started on first use (about a second); std::runtime_error with the server's log when it
  // cannot start, and the same error again on later calls rather than another attempt.
  static PostgresServer& instance();

  // libpq conninfo for `dbname` on this server, as the superuser `postgres`.
  std::string url(const std::string& dbname) const;
  const std::string& socket_dir() const noexcept;
  int port() const noexcept;
  // Runs one statement on the `postgres` database over a shared maintenance connection.
  void admin(const std::string& sql);

  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;
  ~PostgresServer();

  struct State;

 private:
  friend class MigratedDatabase;
  PostgresServer();
  // A new database cloned from the template of `migrations`, which is created and migrated the
  // first time this set of migrations is seen.
  std::string create_database(const std::vector<Migration>& migrations);
  std::unique_ptr<State> state_;
};

// A fresh database on PostgresServer::instance() with `migrations` applied, dropped when this
// object goes. The migrations run once per process per distinct set, into a template database;
// each MigratedDatabase is a `CREATE DATABASE ... TEMPLATE` clone of it (a file copy, far faster
// than migrating again).
class MigratedDatabase {
 public:
  explicit MigratedDatabase(const std::vector<Migration>& migrations = {});
  explicit MigratedDatabase(const std::vector<std::string>& up_scripts);
  static MigratedDatabase from_dir(const std::filesystem::path& migrations_dir);

  MigratedDatabase(MigratedDatabase&& other) noexcept;
  MigratedDatabase& operator=(MigratedDatabase&& other) noexcept;
  ~MigratedDatabase();  // DROP DATABASE ... WITH (FORCE): leftover connections do not block it

  const std::string& name() const noexcept { return name_; }
  std::string url() const;
  Connection connect() const;

 private:
  void drop() noexcept;
  std::string name_;
};

// GoogleTest fixture: every test gets its own fresh database and a connection to it.
//
//   class ProductsTest : public tenantc::testing::DatabaseTest {
//     std::string migrations_dir() const override { return MIGRATIONS_DIR; }
//   };
//   TEST_F(ProductsTest, Creates) { conn().execute("SELECT 1"); }
//
// A subclass that overrides SetUp or TearDown must call DatabaseTest's.
class DatabaseTest : public ::testing::Test {
 public:
  // The migrations folder of every DatabaseTest that does not override migrations_dir(), for
  // suites that share one (call it from main() or a global test environment).
  static void SetMigrationsDir(std::string dir);

 protected:
  // Default: the SetMigrationsDir() folder, else env TENANTC_MIGRATIONS_DIR, else none (an
  // empty database).
  virtual std::string migrations_dir() const;
  // Default: the Up parts of migrations_dir(). Override to give SQL directly.
  virtual std::vector<Migration> migrations() const;

  void SetUp() override;
  void TearDown() override;

  Connection& conn();                        // this test's connection
  const MigratedDatabase& database() const;  // e.g. database().connect() for a second session

 private:
  std::optional<MigratedDatabase> db_;
  std::optional<Connection> conn_;
};

}  // namespace tenantc::testing
