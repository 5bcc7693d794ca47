// Transaction: commit, rollback on destruction, savepoints for nested ones, aborted transactions.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "tenantc/runtime.hpp"
#include "tenantc/testing.hpp"

using namespace tenantc;

namespace {

constexpr Statement insert_parent{"test.parents.insert", "INSERT INTO parents (id) VALUES ($1)"};

class Transactions : public tenantc::testing::DatabaseTest {
 protected:
  std::string migrations_dir() const override { return TEST_MIGRATIONS_DIR; }

  using Ids = std::vector<std::int32_t>;
  Ids ids() {
    Ids out;
    for (Row row : conn().execute("SELECT id FROM parents ORDER BY id")) {
      out.push_back(row.get<std::int32_t>(0));
    }
    return out;
  }
  void insert(std::int32_t id) { conn().execute(insert_parent, Params::of(id)); }
  bool idle() { return PQtransactionStatus(conn().native()) == PQTRANS_IDLE; }
};

TEST_F(Transactions, CommitKeepsAndDestructionRollsBack) {
  {
    Transaction tx(conn());
    EXPECT_FALSE(tx.is_savepoint());
    insert(1);
    tx.commit();
    EXPECT_FALSE(tx.is_open());
  }
  {
    Transaction tx(conn());
    insert(2);
  }
  {
    Transaction tx(conn());
    insert(3);
    tx.rollback();
  }
  EXPECT_EQ(ids(), Ids{1});
  EXPECT_EQ(conn().transaction_depth(), 0);
  EXPECT_TRUE(idle());
}

TEST_F(Transactions, ExceptionUnwindingRollsBack) {
  try {
    Transaction tx(conn());
    insert(1);
    throw std::runtime_error("business rule");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(ids(), Ids{});
  EXPECT_TRUE(idle());
}

TEST_F(Transactions, NestedOnesAreSavepoints) {
  {
    Transaction outer(conn());
    insert(1);
    {
      Transaction inner(conn());
      EXPECT_TRUE(inner.is_savepoint());
      EXPECT_EQ(conn().transaction_depth(), 2);
      insert(2);
    }  // rolled back to the savepoint: 2 is gone, 1 stays
    {
      Transaction inner(conn());
      insert(3);
      {
        Transaction innermost(conn());
        insert(4);
        innermost.commit();
      }
      inner.commit();
    }
    EXPECT_EQ(conn().transaction_depth(), 1);
    outer.commit();
  }
  EXPECT_EQ(ids(), (Ids{1, 3, 4}));
  {
    Transaction outer(conn());
    insert(5);
    Transaction inner(conn());
    insert(6);
    inner.commit();
  }  // the outer rollback takes the released savepoint's work with it
  EXPECT_EQ(ids(), (Ids{1, 3, 4}));
  EXPECT_TRUE(idle());
}

TEST_F(Transactions, AFailedStatementInsideASavepointLeavesTheOuterUsable) {
  Transaction outer(conn());
  insert(1);
  {
    Transaction inner(conn());
    EXPECT_THROW(insert(1), UniqueViolation);
    EXPECT_THROW(inner.commit(), DbError);  // the server refuses RELEASE in an aborted transaction
  }                                         // ROLLBACK TO SAVEPOINT clears the error
  insert(2);
  outer.commit();
  EXPECT_EQ(ids(), (Ids{1, 2}));
}

TEST_F(Transactions, CommittingAnAbortedTransactionThrows) {
  {
    Transaction tx(conn());
    insert(1);
    EXPECT_THROW(insert(1), UniqueViolation);
    try {
      tx.commit();
      FAIL() << "commit of an aborted transaction succeeded";
    } catch (const DbError& e) {
      EXPECT_EQ(e.sqlstate(), "25P02");
    }
    EXPECT_FALSE(tx.is_open());
  }
  EXPECT_EQ(ids(), Ids{});
  EXPECT_TRUE(idle());
}

TEST_F(Transactions, MisuseIsALogicError) {
  Transaction outer(conn());
  {
    Transaction inner(conn());
    EXPECT_THROW(outer.commit(), std::logic_error);  // inner one still open
    inner.commit();
    EXPECT_THROW(inner.commit(), std::logic_error);
    EXPECT_THROW(inner.rollback(), std::logic_error);
  }
  EXPECT_THROW({ Transaction nested(conn(), Isolation::Serializable); }, std::logic_error);
  outer.commit();
}

TEST_F(Transactions, IsolationLevelAndManualBegin) {
  {
    Transaction tx(conn(), Isolation::Serializable);
    EXPECT_EQ(conn().execute("SHOW transaction_isolation")[0].get<std::string>(0), "serializable");
    tx.commit();
  }
  // A transaction begun by hand: a Transaction inside it is a savepoint, not a second BEGIN.
  conn().execute("BEGIN");
  insert(1);
  {
    Transaction tx(conn());
    EXPECT_TRUE(tx.is_savepoint());
    insert(2);
  }
  conn().execute("COMMIT");
  EXPECT_EQ(ids(), Ids{1});
}

TEST_F(Transactions, SurvivesMovingTheConnection) {
  Connection c = database().connect();
  Transaction tx(c);
  c.execute(insert_parent, Params::of(7));
  Connection moved = std::move(c);
  tx.commit();
  EXPECT_EQ(ids(), Ids{7});
  EXPECT_THROW(c.execute("SELECT 1"), std::logic_error);  // NOLINT(bugprone-use-after-move)
}

}  // namespace
