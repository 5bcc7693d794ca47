// Private state of a Connection, shared by connection.cpp and pipeline.cpp.
#pragma once

#include <libpq-fe.h>

#include <string>
#include <string_view>
#include <unordered_map>

#include "tenantc/connection.hpp"

namespace tenantc {

struct StringHash {
  using is_transparent = void;  // lets find() take a string_view without building a string
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

struct PreparedStatement {
  std::string sql;          // to catch one name used for two statements
  std::string server_name;  // the name on the server (see server_statement_name)
};

// The server keys prepared statements by their first 63 bytes (NAMEDATALEN - 1), so two longer
// names with a common prefix would clash there. Short names go as they are, readable in
// pg_prepared_statements; longer ones are cut and made unique with a hash of the whole name.
std::string server_statement_name(std::string_view name);

struct Connection::Impl {
  PGconn* pg = nullptr;
  // Statement name -> what was prepared for it on this connection.
  std::unordered_map<std::string, PreparedStatement, StringHash, std::equal_to<>> prepared;
  int depth = 0;  // open Transaction objects

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (pg) PQfinish(pg);
  }

  bool is_prepared(std::string_view name) const { return prepared.find(name) != prepared.end(); }
  // std::logic_error when `name` is prepared with other SQL.
  void check_same_sql(std::string_view name, std::string_view sql) const;
  // Takes ownership of `r`; throws the DbError of a failed result.
  Result checked(PGresult* r);
  // A statement without parameters (transaction control), through the extended protocol.
  Result simple(const std::string& sql);
};

}  // namespace tenantc
