// Exceptions of the runtime: DbError and its SQLSTATE subclasses, DecodeError, and the mapping.
#pragma once

#include <exception>
#include <memory>
#include <stdexcept>
#include <string>

// libpq's handle types, declared the way libpq-fe.h declares them (a repeated typedef of the
// same type is valid), so that users of these headers need not see libpq's.
typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace tenantc {

// The diagnostic fields of a server error (PQresultErrorField). Empty when not sent.
struct ErrorFields {
  std::string sqlstate;
  std::string message;  // primary message
  std::string detail;   // may quote row values, so it is not part of what()
  std::string hint;
  std::string constraint;  // PG_DIAG_CONSTRAINT_NAME
  std::string table;
  std::string column;
};

// An error reported by PostgreSQL (or by libpq about the connection). what() is the server's
// primary message.
class DbError : public std::runtime_error {
 public:
  explicit DbError(ErrorFields fields);
  DbError(std::string sqlstate, const std::string& message);

  const std::string& sqlstate() const noexcept { return fields_->sqlstate; }
  const std::string& constraint() const noexcept { return fields_->constraint; }
  const std::string& detail() const noexcept { return fields_->detail; }
  const std::string& hint() const noexcept { return fields_->hint; }
  const std::string& table() const noexcept { return fields_->table; }
  const std::string& column() const noexcept { return fields_->column; }
  // True for serialization failures and deadlocks: running the whole transaction again may
  // succeed.
  bool is_retryable() const noexcept;

 private:
  // Shared so that copying the exception (as throw and exception_ptr do) cannot throw.
  std::shared_ptr<const ErrorFields> fields_;
};

class UniqueViolation : public DbError {  // 23505
 public:
  using DbError::DbError;
};
class ForeignKeyViolation : public DbError {  // 23503
 public:
  using DbError::DbError;
};
class CheckViolation : public DbError {  // 23514
 public:
  using DbError::DbError;
};
class NotNullViolation : public DbError {  // 23502
 public:
  using DbError::DbError;
};
class SerializationFailure : public DbError {  // 40001
 public:
  using DbError::DbError;
};
class DeadlockDetected : public DbError {  // 40P01
 public:
  using DbError::DbError;
};
// The connection could not be opened or was lost (class 08, 57P01-57P03, or no SQLSTATE with
// the connection down; "08006" then). The Connection is unusable afterwards.
class ConnectionError : public DbError {
 public:
  using DbError::DbError;
};
// A pipelined statement the server skipped because an earlier one in the same pipeline failed.
class PipelineAborted : public DbError {
 public:
  using DbError::DbError;
};

// A column value that does not decode as the requested C++ type (including NULL for a
// non-optional type). A bug in the query or the types, not a runtime condition of the data.
class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The exception for a failed result, as its SQLSTATE says. `conn` supplies libpq's message when
// `result` is null (out of memory, connection lost).
std::exception_ptr make_db_error(const PGresult* result, const PGconn* conn = nullptr);
[[noreturn]] void throw_db_error(const PGresult* result, const PGconn* conn = nullptr);
// The same for fields built by hand (tests, other drivers).
std::exception_ptr make_db_error(ErrorFields fields);

}  // namespace tenantc
