// DbError and the mapping from a failed libpq result to the exception class of its SQLSTATE.
#include "tenantc/errors.hpp"

#include <libpq-fe.h>

#include <string_view>

namespace tenantc {

DbError::DbError(ErrorFields fields)
    : std::runtime_error(fields.message.empty()
                             ? "database error (SQLSTATE " + fields.sqlstate + ")"
                             : fields.message),
      fields_(std::make_shared<const ErrorFields>(std::move(fields))) {}

DbError::DbError(std::string sqlstate, const std::string& message)
    : DbError(ErrorFields{std::move(sqlstate), message, {}, {}, {}, {}, {}}) {}

bool DbError::is_retryable() const noexcept {
  return sqlstate() == "40001" || sqlstate() == "40P01";
}

std::exception_ptr make_db_error(ErrorFields fields) {
  std::string_view state = fields.sqlstate;
  if (state == "23505") return std::make_exception_ptr(UniqueViolation(std::move(fields)));
  if (state == "23503") return std::make_exception_ptr(ForeignKeyViolation(std::move(fields)));
  if (state == "23514") return std::make_exception_ptr(CheckViolation(std::move(fields)));
  if (state == "23502") return std::make_exception_ptr(NotNullViolation(std::move(fields)));
  if (state == "40001") return std::make_exception_ptr(SerializationFailure(std::move(fields)));
  if (state == "40P01") return std::make_exception_ptr(DeadlockDetected(std::move(fields)));
  // Class 08 is connection exceptions; 57P01-57P03 are the server shutting down or refusing
  // connections, after which the session is gone as well.
  if (state.substr(0, 2) == "08" || state == "57P01" || state == "57P02" || state == "57P03") {
    return std::make_exception_ptr(ConnectionError(std::move(fields)));
  }
  return std::make_exception_ptr(DbError(std::move(fields)));
}

namespace {
std::string field(const PGresult* result, int code) {
  const char* v = result ? PQresultErrorField(result, code) : nullptr;
  return v ? v : "";
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}
}  // namespace

std::exception_ptr make_db_error(const PGresult* result, const PGconn* conn) {
  ErrorFields f;
  f.sqlstate = field(result, PG_DIAG_SQLSTATE);
  f.message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  f.detail = field(result, PG_DIAG_MESSAGE_DETAIL);
  f.hint = field(result, PG_DIAG_MESSAGE_HINT);
  f.constraint = field(result, PG_DIAG_CONSTRAINT_NAME);
  f.table = field(result, PG_DIAG_TABLE_NAME);
  f.column = field(result, PG_DIAG_COLUMN_NAME);
  // libpq's own errors (lost connection, out of memory) have no fields, only a message.
  if (f.message.empty() && result) f.message = trimmed(PQresultErrorMessage(result));
  if (f.message.empty() && conn) f.message = trimmed(PQerrorMessage(conn));
  if (f.message.empty()) f.message = "unknown libpq error";
  // No SQLSTATE and the connection down (or no result at all): the connection failed.
  bool down = conn ? PQstatus(conn) == CONNECTION_BAD : result == nullptr;
  if (f.sqlstate.empty() && down) f.sqlstate = "08006";  // connection_failure
  return make_db_error(std::move(f));
}

void throw_db_error(const PGresult* result, const PGconn* conn) {
  std::rethrow_exception(make_db_error(result, conn));
}

}  // namespace tenantc
