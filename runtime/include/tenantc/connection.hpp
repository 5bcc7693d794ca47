// A libpq connection with a prepared-statement cache, and RAII transactions with savepoints.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "tenantc/codec.hpp"

namespace tenantc {

// A parameterized SQL statement. `name` identifies its prepared statement on every connection,
// so it must be unique in the process for this `sql` (generated code uses names such as
// "warehouse.products.find"). Both views must outlive their use; generated code points them at
// static constants.
struct Statement {
  std::string_view name;
  std::string_view sql;
};

class Pipeline;
class Transaction;

// One connection to PostgreSQL. Move-only; not for concurrent use from several threads.
class Connection {
 public:
  // `url` is a libpq conninfo string or a postgresql:// URL. The session is set up for the text
  // formats the codecs read: TimeZone UTC, client_encoding UTF8, DateStyle ISO, bytea hex,
  // shortest exact floats. ConnectionError with libpq's message on failure.
  static Connection open(std::string_view url);

  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Prepares the statement the first time this connection sees its name, then runs it with
  // text parameters. DbError (a subclass where the SQLSTATE has one) on failure.
  Result execute(const Statement& statement, const Params& params = {});
  // One statement without parameters, unprepared. Exactly one: several in one string are
  // refused by the server, which keeps a string built by mistake from smuggling in a second.
  Result execute(std::string_view sql);
  // Any number of statements separated by semicolons (migrations, fixtures); results dropped.
  void execute_script(std::string_view script);

  PGconn* native() noexcept;
  bool is_prepared(std::string_view name) const;  // by this connection, through execute/Pipeline
  std::size_t prepared_count() const noexcept;
  int transaction_depth() const noexcept;  // open Transaction objects (outermost and savepoints)

  struct Impl;

 private:
  friend class Transaction;
  friend class Pipeline;
  explicit Connection(std::unique_ptr<Impl> impl) noexcept;
  Impl& impl() const;  // std::logic_error on a moved-from Connection
  std::unique_ptr<Impl> impl_;
};

enum class Isolation { Default, ReadCommitted, RepeatableRead, Serializable };

// `Transaction tx(conn); ...; tx.commit();` Destroyed uncommitted, it rolls back. Created while
// another transaction is open on the connection, it is a SAVEPOINT: its commit releases the
// savepoint and its rollback undoes only its own work. Inner ones must end before outer ones.
class Transaction {
 public:
  // BEGIN, or SAVEPOINT when a transaction is already open. An isolation level other than
  // Default is only possible for the outermost one (std::logic_error otherwise).
  explicit Transaction(Connection& conn, Isolation isolation = Isolation::Default);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();  // ROLLBACK (TO SAVEPOINT) unless committed; never throws

  // COMMIT or RELEASE SAVEPOINT. When a statement of the transaction has failed, the server
  // would silently turn COMMIT into ROLLBACK; this throws DbError (25P02) instead, after rolling
  // back. A failing COMMIT ends the transaction (the server rolled it back).
  void commit();
  // Roll back now rather than at destruction, with errors reported.
  void rollback();

  bool is_savepoint() const noexcept { return savepoint_; }
  bool is_open() const noexcept { return !done_; }

 private:
  void check_innermost(const char* what) const;
  // The Impl rather than the Connection, so that moving the Connection object is harmless.
  Connection::Impl* conn_;
  int level_;  // 1 for the outermost Transaction object, 2 for the next, ...
  bool savepoint_;
  bool done_ = false;
};

}  // namespace tenantc
