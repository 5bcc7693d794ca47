// PostgreSQL DDL text for catalog objects. One function per statement shape; the planner
// decides which statements a migration holds and in what order.
#pragma once

#include <string>

#include "catalog.hpp"

namespace tenantc::ddl {

std::string create_enum(const catalog::Enum& e);
std::string drop_enum(const catalog::Enum& e);
// `inline_constraint(c)` says whether a foreign key is written inside CREATE TABLE (its
// target already exists) rather than added afterwards.
template <typename Pred>
std::string create_table(const catalog::Table& t, Pred inline_constraint);
std::string drop_table(const catalog::Table& t);
std::string constraint_clause(const catalog::Constraint& c);
std::string add_constraint(const std::string& table, const catalog::Constraint& c);
std::string drop_constraint(const std::string& table, const catalog::Constraint& c);
std::string create_index(const catalog::Index& ix);
std::string drop_index(const catalog::Index& ix);
std::string comment_on_table(const catalog::Table& t);
std::string comment_on_column(const std::string& table, const catalog::Column& c);
std::string column_definition(const catalog::Column& c);

std::string join(const std::vector<std::string>& parts, const std::string& sep = ", ");

template <typename Pred>
std::string create_table(const catalog::Table& t, Pred inline_constraint) {
  std::string out = "CREATE TABLE " + t.name + " (\n";
  std::vector<std::string> lines;
  for (const auto& c : t.columns) lines.push_back("    " + column_definition(c));
  for (const auto& c : t.constraints)
    if (inline_constraint(c)) lines.push_back("    " + constraint_clause(c));
  out += join(lines, ",\n");
  return out + "\n)";
}

}  // namespace tenantc::ddl
