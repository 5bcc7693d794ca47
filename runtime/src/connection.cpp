// Connection (session setup, prepared statements, execution) and Transaction (BEGIN/SAVEPOINT).
#include "tenantc/connection.hpp"

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "connection_impl.hpp"

namespace tenantc {
namespace {

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Session settings the codecs rely on, whatever the server's or role's defaults are: UTC
// timestamps, ISO dates, hex bytea, floats printed exactly.
constexpr const char* session_setup =
    "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET bytea_output = 'hex'; "
    "SET extra_float_digits = 1; SET client_encoding = 'UTF8'";

}  // namespace

// ---- Impl ---------------------------------------------------------------------------------------

std::string server_statement_name(std::string_view name) {
  constexpr std::size_t max = 63;
  if (name.size() <= max) return std::string(name);
  // FNV-1a: stable across runs and builds, unlike std::hash, so logs stay comparable.
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  char suffix[18];
  std::snprintf(suffix, sizeof suffix, "#%016llx", static_cast<unsigned long long>(h));
  return std::string(name.substr(0, max - 17)) + suffix;
}

void Connection::Impl::check_same_sql(std::string_view name, std::string_view sql) const {
  auto it = prepared.find(name);
  if (it != prepared.end() && it->second.sql != sql) {
    throw std::logic_error("tenantc: prepared statement name \"" + std::string(name) +
                           "\" is used for two different SQL texts");
  }
}

Result Connection::Impl::checked(PGresult* r) {
  if (!r) throw_db_error(nullptr, pg);
  Result result(r);
  switch (PQresultStatus(r)) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
      return result;
    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
    case PGRES_COPY_BOTH: {
      // Leave the connection usable: end the COPY the caller did not mean to start.
      if (PQresultStatus(r) == PGRES_COPY_IN) PQputCopyEnd(pg, "COPY is not supported here");
      char* buffer = nullptr;
      while (PQresultStatus(r) != PGRES_COPY_IN && PQgetCopyData(pg, &buffer, 0) > 0) {
        PQfreemem(buffer);
      }
      while (PGresult* rest = PQgetResult(pg)) PQclear(rest);
      throw std::logic_error("tenantc: COPY cannot run through Connection::execute");
    }
    default:
      throw_db_error(r, pg);
  }
}

Result Connection::Impl::simple(const std::string& sql) {
  return checked(PQexecParams(pg, sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0));
}

// ---- Connection ---------------------------------------------------------------------------------

Connection::Connection(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() = default;

Connection::Impl& Connection::impl() const {
  if (!impl_) throw std::logic_error("tenantc::Connection: used after being moved from");
  return *impl_;
}

Connection Connection::open(std::string_view url) {
  auto impl = std::make_unique<Impl>();
  impl->pg = PQconnectdb(std::string(url).c_str());
  if (!impl->pg) throw ConnectionError("08006", "tenantc: out of memory opening a connection");
  if (PQstatus(impl->pg) != CONNECTION_OK) {
    throw ConnectionError("08006", trimmed(PQerrorMessage(impl->pg)));
  }
  PGresult* r = PQexec(impl->pg, session_setup);
  impl->checked(r);
  return Connection(std::move(impl));
}

Result Connection::execute(const Statement& statement, const Params& params) {
  Impl& im = impl();
  if (params.size() > 65535) {
    throw std::invalid_argument("tenantc: more than 65535 parameters in one statement");
  }
  auto it = im.prepared.find(statement.name);
  if (it == im.prepared.end()) {
    PreparedStatement p{std::string(statement.sql), server_statement_name(statement.name)};
    im.checked(PQprepare(im.pg, p.server_name.c_str(), p.sql.c_str(), 0, nullptr));
    it = im.prepared.emplace(std::string(statement.name), std::move(p)).first;
  } else {
    im.check_same_sql(statement.name, statement.sql);
  }
  auto values = params.c_values();
  return im.checked(PQexecPrepared(im.pg, it->second.server_name.c_str(),
                                   static_cast<int>(values.size()), values.data(), nullptr, nullptr,
                                   0));
}

Result Connection::execute(std::string_view sql) { return impl().simple(std::string(sql)); }

void Connection::execute_script(std::string_view script) {
  Impl& im = impl();
  im.checked(PQexec(im.pg, std::string(script).c_str()));
}

PGconn* Connection::native() noexcept { return impl_ ? impl_->pg : nullptr; }

bool Connection::is_prepared(std::string_view name) const { return impl().is_prepared(name); }

std::size_t Connection::prepared_count() const noexcept {
  return impl_ ? impl_->prepared.size() : 0;
}

int Connection::transaction_depth() const noexcept { return impl_ ? impl_->depth : 0; }

// ---- Transaction --------------------------------------------------------------------------------

namespace {
std::string savepoint_name(int level) { return "tenantc_sp_" + std::to_string(level); }

const char* begin_statement(Isolation isolation) {
  switch (isolation) {
    case Isolation::ReadCommitted:
      return "BEGIN ISOLATION LEVEL READ COMMITTED";
    case Isolation::RepeatableRead:
      return "BEGIN ISOLATION LEVEL REPEATABLE READ";
    case Isolation::Serializable:
      return "BEGIN ISOLATION LEVEL SERIALIZABLE";
    case Isolation::Default:
      break;
  }
  return "BEGIN";
}
}  // namespace

Transaction::Transaction(Connection& conn, Isolation isolation) : conn_(&conn.impl()) {
  // The server's state rather than our counter decides, so that a transaction begun with a
  // plain execute("BEGIN") also gets a savepoint instead of a second BEGIN.
  savepoint_ = PQtransactionStatus(conn_->pg) != PQTRANS_IDLE;
  level_ = conn_->depth + 1;
  if (savepoint_ && isolation != Isolation::Default) {
    throw std::logic_error(
        "tenantc::Transaction: a nested transaction (savepoint) cannot set an isolation level");
  }
  conn_->simple(savepoint_ ? "SAVEPOINT " + savepoint_name(level_) : begin_statement(isolation));
  conn_->depth = level_;
}

Transaction::~Transaction() {
  if (done_) return;
  done_ = true;
  conn_->depth = level_ - 1;
  try {
    if (PQstatus(conn_->pg) != CONNECTION_OK) return;
    if (savepoint_) {
      conn_->simple("ROLLBACK TO SAVEPOINT " + savepoint_name(level_));
      conn_->simple("RELEASE SAVEPOINT " + savepoint_name(level_));
    } else {
      conn_->simple("ROLLBACK");
    }
  } catch (...) {
    // A destructor must not throw; the server ends the transaction if the session dies.
  }
}

void Transaction::check_innermost(const char* what) const {
  if (done_) {
    throw std::logic_error(std::string("tenantc::Transaction::") + what +
                           ": the transaction has already ended");
  }
  if (conn_->depth != level_) {
    throw std::logic_error(std::string("tenantc::Transaction::") + what +
                           ": a nested transaction is still open");
  }
}

void Transaction::commit() {
  check_innermost("commit");
  if (savepoint_) {
    // In an aborted transaction the server refuses RELEASE (25P02); the savepoint then stays
    // open for the destructor to roll back to, and the outer transaction can go on.
    conn_->simple("RELEASE SAVEPOINT " + savepoint_name(level_));
    done_ = true;
    conn_->depth = level_ - 1;
    return;
  }
  done_ = true;
  conn_->depth = level_ - 1;
  if (PQtransactionStatus(conn_->pg) == PQTRANS_INERROR) {
    try {
      conn_->simple("ROLLBACK");
    } catch (...) {
      // The error below is the one worth reporting.
    }
    throw DbError("25P02",
                  "tenantc::Transaction::commit: a statement in the transaction failed, so it "
                  "was rolled back instead of committed");
  }
  conn_->simple("COMMIT");
}

void Transaction::rollback() {
  check_innermost("rollback");
  done_ = true;
  conn_->depth = level_ - 1;
  if (savepoint_) {
    conn_->simple("ROLLBACK TO SAVEPOINT " + savepoint_name(level_));
    conn_->simple("RELEASE SAVEPOINT " + savepoint_name(level_));
  } else {
    conn_->simple("ROLLBACK");
  }
}

}  // namespace tenantc
