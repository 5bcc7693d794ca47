// The one place for naming rules: identifier checks, case conversion, keywords, 63-byte limit.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tenantc::naming {

// PostgreSQL's NAMEDATALEN - 1: longer identifiers are silently truncated by the server.
inline constexpr std::size_t kMaxIdentifierBytes = 63;

// Lowercase snake_case: a letter, then letters, digits and underscores.
bool is_snake_case(std::string_view name);

// True when PostgreSQL refuses `name` as a table or column name without quotes: its reserved
// and type/function-name keywords. Asked of the real parser (libpg_query), not a copied list.
bool is_sql_reserved(std::string_view name);

// Why `name` cannot be a user-chosen SQL identifier, or empty when it can.
std::string identifier_problem(std::string_view name);

bool is_cpp_keyword(std::string_view name);

// PostgreSQL's hidden system columns (xmin, ctid ...): no table may have a column so named.
bool is_system_column(std::string_view name);

// Why an enum type may not take `name`: PostgreSQL's own type of that name (in pg_catalog,
// searched first) or a type word of the schema language would be used instead. Empty if fine.
std::string type_name_problem(std::string_view name);

// `order_items` -> `OrderItems`.
std::string pascal_case(std::string_view snake);
// `categories` -> `category`, `addresses` -> `address`; used for row struct names.
std::string singular(std::string_view snake);
// A C++ identifier: the name itself, with a trailing underscore when it is a C++ keyword.
std::string cpp_identifier(std::string_view name);

// A derived identifier that fits in 63 bytes: longer names keep a readable prefix and end in
// a hash of the full name, so the result is deterministic and distinct names stay distinct.
std::string fit_identifier(const std::string& name);

// Derived object names, shared by the schema builder and (later) the migration differ so
// that names follow renames.
std::string primary_key_name(const std::string& table);
std::string foreign_key_name(const std::string& table, const std::string& column);
std::string unique_name(const std::string& table, const std::vector<std::string>& columns);
std::string check_name(const std::string& table, const std::string& column);
std::string range_check_name(const std::string& table, const std::string& column);
std::string index_name(const std::string& table, const std::vector<std::string>& columns);

}  // namespace tenantc::naming
