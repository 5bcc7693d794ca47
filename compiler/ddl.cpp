// DDL rendering. Identifiers are validated lowercase snake_case and never keywords, so they
// are written bare, as a person would write them.
#include "ddl.hpp"

#include "sql_parser.hpp"

namespace tenantc::ddl {

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

std::string create_enum(const catalog::Enum& e) {
  std::vector<std::string> values;
  for (const auto& v : e.values) values.push_back(sql::quote_literal(v));
  return "CREATE TYPE " + e.name + " AS ENUM (" + join(values) + ")";
}

std::string drop_enum(const catalog::Enum& e) { return "DROP TYPE " + e.name; }

std::string column_definition(const catalog::Column& c) {
  std::string out = c.name + " " + c.type;
  if (c.not_null) out += " NOT NULL";
  if (!c.default_expr.empty()) out += " DEFAULT " + c.default_expr;
  if (!c.generated.empty()) out += " GENERATED ALWAYS AS (" + c.generated + ") STORED";
  return out;
}

std::string constraint_clause(const catalog::Constraint& c) {
  std::string out = "CONSTRAINT " + c.name + " ";
  switch (c.kind) {
    case catalog::ConstraintKind::PrimaryKey:
      return out + "PRIMARY KEY (" + join(c.columns) + ")";
    case catalog::ConstraintKind::Unique:
      return out + "UNIQUE " + (c.nulls_not_distinct ? "NULLS NOT DISTINCT " : "") + "(" + join(c.columns) + ")";
    case catalog::ConstraintKind::Check:
      return out + "CHECK (" + c.expression + ")";
    case catalog::ConstraintKind::ForeignKey: {
      out += "FOREIGN KEY (" + join(c.columns) + ") REFERENCES " + c.ref_table + " (" + join(c.ref_columns) + ")";
      if (!c.on_delete.empty()) {
        out += " ON DELETE " + c.on_delete;
        if (!c.set_null_columns.empty()) out += " (" + join(c.set_null_columns) + ")";
      }
      return out;
    }
  }
  return out;
}

std::string drop_table(const catalog::Table& t) { return "DROP TABLE " + t.name; }

std::string add_constraint(const std::string& table, const catalog::Constraint& c) {
  return "ALTER TABLE " + table + " ADD " + constraint_clause(c) + (c.valid ? "" : " NOT VALID");
}

std::string drop_constraint(const std::string& table, const catalog::Constraint& c) {
  return "ALTER TABLE " + table + " DROP CONSTRAINT " + c.name;
}

std::string create_index(const catalog::Index& ix) {
  std::vector<std::string> keys;
  for (const auto& k : ix.keys) keys.push_back(k.column + (k.desc ? " DESC" : ""));
  std::string out = std::string("CREATE ") + (ix.unique ? "UNIQUE " : "") + "INDEX " + ix.name + " ON " + ix.table;
  if (ix.method != "btree") out += " USING " + ix.method;
  out += " (" + join(keys) + ")";
  if (ix.nulls_not_distinct) out += " NULLS NOT DISTINCT";
  if (!ix.where.empty()) out += " WHERE " + ix.where;
  return out;
}

std::string drop_index(const catalog::Index& ix) { return "DROP INDEX " + ix.name; }

std::string comment_on_table(const catalog::Table& t) {
  return "COMMENT ON TABLE " + t.name + " IS " + sql::quote_literal(t.comment);
}

std::string comment_on_column(const std::string& table, const catalog::Column& c) {
  return "COMMENT ON COLUMN " + table + "." + c.name + " IS " + sql::quote_literal(c.comment);
}

}  // namespace tenantc::ddl
