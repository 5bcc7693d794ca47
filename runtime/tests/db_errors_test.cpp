// Server errors become the DbError subclass of their SQLSTATE, with the constraint name.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "tenantc/runtime.hpp"
#include "tenantc/testing.hpp"

using namespace tenantc;

namespace {

constexpr Statement insert_parent{"test.parents.insert", "INSERT INTO parents (id) VALUES ($1)"};
constexpr Statement insert_item{
    "test.items.insert", "INSERT INTO items (id, parent_id, sku, qty) VALUES ($1, $2, $3, $4)"};

class DbErrors : public tenantc::testing::DatabaseTest {
 protected:
  std::string migrations_dir() const override { return TEST_MIGRATIONS_DIR; }

  void SetUp() override {
    DatabaseTest::SetUp();
    conn().execute(insert_parent, Params::of(1));
    conn().execute(insert_item, Params::of(1, 1, "A-1", 5));
  }

  // Runs `f`, expecting exception E; returns it for further checks.
  template <class E, class F>
  E expect_error(F f) {
    try {
      f();
    } catch (const E& e) {
      return e;
    } catch (const std::exception& e) {
      ADD_FAILURE() << "wrong exception: " << typeid(e).name() << ": " << e.what();
      throw;
    }
    ADD_FAILURE() << "no exception";
    throw std::logic_error("no exception");
  }
};

TEST_F(DbErrors, UniqueViolation) {
  auto e = expect_error<UniqueViolation>(
      [&] { conn().execute(insert_item, Params::of(2, 1, "A-1", 1)); });
  EXPECT_EQ(e.sqlstate(), "23505");
  EXPECT_EQ(e.constraint(), "items_sku_key");
  EXPECT_EQ(e.table(), "items");
  EXPECT_NE(std::string(e.what()).find("duplicate key"), std::string::npos) << e.what();
  EXPECT_NE(e.detail().find("(sku)=(A-1)"), std::string::npos) << e.detail();
  EXPECT_FALSE(e.is_retryable());
}

TEST_F(DbErrors, ForeignKeyViolation) {
  auto e = expect_error<ForeignKeyViolation>(
      [&] { conn().execute(insert_item, Params::of(2, 999, "B-1", 1)); });
  EXPECT_EQ(e.sqlstate(), "23503");
  EXPECT_EQ(e.constraint(), "items_parent_id_fkey");
}

TEST_F(DbErrors, CheckViolation) {
  auto e = expect_error<CheckViolation>(
      [&] { conn().execute(insert_item, Params::of(2, 1, "B-1", -1)); });
  EXPECT_EQ(e.sqlstate(), "23514");
  EXPECT_EQ(e.constraint(), "items_qty_check");
}

TEST_F(DbErrors, NotNullViolation) {
  auto e = expect_error<NotNullViolation>([&] {
    conn().execute(insert_item, Params().add(2).add(1).add(std::optional<std::string>{}).add(1));
  });
  EXPECT_EQ(e.sqlstate(), "23502");
  EXPECT_EQ(e.column(), "sku");
  EXPECT_EQ(e.constraint(), "");
}

TEST_F(DbErrors, OtherErrorsAreThePlainBase) {
  auto e = expect_error<DbError>([&] { conn().execute("SELEC 1"); });
  EXPECT_EQ(e.sqlstate(), "42601");
  EXPECT_EQ(typeid(e), typeid(DbError));
  // A statement that fails to prepare is not remembered as prepared.
  Statement broken{"test.broken", "SELECT * FROM no_such_table"};
  EXPECT_THROW(conn().execute(broken), DbError);
  EXPECT_FALSE(conn().is_prepared("test.broken"));
  conn().execute_script("CREATE TABLE no_such_table (x int)");
  EXPECT_EQ(conn().execute(broken).size(), 0);
}

TEST_F(DbErrors, SerializationFailureIsRetryable) {
  Connection other = database().connect();
  Transaction tx(conn(), Isolation::RepeatableRead);
  conn().execute("SELECT qty FROM items WHERE id = 1");  // takes the snapshot
  other.execute("UPDATE items SET qty = 6 WHERE id = 1");
  auto e = expect_error<SerializationFailure>(
      [&] { conn().execute("UPDATE items SET qty = 7 WHERE id = 1"); });
  EXPECT_EQ(e.sqlstate(), "40001");
  EXPECT_TRUE(e.is_retryable());
}

TEST_F(DbErrors, DeadlockIsRetryable) {
  conn().execute(insert_item, Params::of(2, 1, "A-2", 5));
  Connection other = database().connect();
  conn().execute("SET deadlock_timeout = '20ms'");
  other.execute("SET deadlock_timeout = '20ms'");
  Transaction mine(conn());
  Transaction theirs(other);
  conn().execute("UPDATE items SET qty = 1 WHERE id = 1");
  other.execute("UPDATE items SET qty = 1 WHERE id = 2");
  // Each now waits for the other's row; the server picks one session as the victim.
  auto blocked = std::async(std::launch::async, [&]() -> std::string {
    try {
      other.execute("UPDATE items SET qty = 2 WHERE id = 1");
      return "";
    } catch (const DeadlockDetected& e) {
      theirs.rollback();  // a victim keeps its locks until its transaction ends
      return e.sqlstate();
    }
  });
  std::string mine_state;
  try {
    conn().execute("UPDATE items SET qty = 2 WHERE id = 2");
  } catch (const DeadlockDetected& e) {
    EXPECT_TRUE(e.is_retryable());
    mine_state = e.sqlstate();
    mine.rollback();  // lets the other session go on
  }
  std::string theirs_state = blocked.get();
  EXPECT_EQ(mine_state + theirs_state, "40P01") << "exactly one session is the victim";
}

TEST_F(DbErrors, ConnectionErrors) {
  auto e = expect_error<ConnectionError>([] {
    Connection::open("host=/nonexistent-dir port=1 user=postgres dbname=x connect_timeout=2");
  });
  EXPECT_EQ(e.sqlstate(), "08006");
  EXPECT_NE(std::string(e.what()).find("/nonexistent-dir"), std::string::npos) << e.what();

  // A session that the server ends: the next statement reports a ConnectionError.
  Connection victim = database().connect();
  auto pid = victim.execute("SELECT pg_backend_pid()")[0].get<std::int32_t>(0);
  conn().execute(Statement{"test.terminate", "SELECT pg_terminate_backend($1, 5000)"},
                 Params::of(pid));
  EXPECT_THROW(victim.execute("SELECT 1"), ConnectionError);
}

TEST_F(DbErrors, OneNameCannotStandForTwoStatements) {
  conn().execute(Statement{"test.same", "SELECT 1"});
  EXPECT_THROW(conn().execute(Statement{"test.same", "SELECT 2"}), std::logic_error);
}

TEST_F(DbErrors, LongStatementNamesStayDistinct) {
  // The server would cut both names to the same 63 bytes.
  std::string name_a = std::string(70, 'n') + ".a";
  std::string name_b = std::string(70, 'n') + ".b";
  Statement a{name_a, "SELECT 'a'"};
  Statement b{name_b, "SELECT 'b'"};
  EXPECT_EQ(conn().execute(a)[0].get<std::string>(0), "a");
  EXPECT_EQ(conn().execute(b)[0].get<std::string>(0), "b");
  EXPECT_EQ(conn().execute(a)[0].get<std::string>(0), "a");
  EXPECT_EQ(conn().prepared_count(), 4u);  // the two inserts of SetUp and these two
}

}  // namespace
