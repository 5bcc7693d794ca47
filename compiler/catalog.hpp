// The database catalog the schemas imply: tables, columns, constraints, indexes and enum
// types, as PostgreSQL would hold them. Planning diffs two of these; DDL is printed from them.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace tenantc::catalog {

struct Column {
  std::string name;
  std::string type;          // SQL spelling: varchar(255), numeric(10,2), order_status ...
  bool not_null = false;
  std::string default_expr;  // empty: no default
  std::string generated;     // empty: not generated
  std::string comment;
  std::string renamed_from;  // the previous name, from the YAML; not part of equality
  bool operator==(const Column& o) const {
    return name == o.name && type == o.type && not_null == o.not_null && default_expr == o.default_expr &&
           generated == o.generated && comment == o.comment;
  }
};

enum class ConstraintKind { PrimaryKey, Unique, ForeignKey, Check };

struct Constraint {
  ConstraintKind kind = ConstraintKind::Check;
  std::string name;
  std::vector<std::string> columns;
  bool nulls_not_distinct = false;         // Unique
  std::string ref_table;                   // ForeignKey
  std::vector<std::string> ref_columns;
  std::string on_delete;                   // CASCADE, SET NULL, RESTRICT; empty for NO ACTION
  std::vector<std::string> set_null_columns;  // ON DELETE SET NULL (col): composite keys null only the ref
  std::string expression;                  // Check
  std::vector<std::string> serves;         // what it is for, for the index report
  // Check and ForeignKey: false between ADD CONSTRAINT .. NOT VALID and VALIDATE CONSTRAINT
  // (PostgreSQL then enforces it on new rows only). A schema's constraints are all valid.
  bool valid = true;
  bool operator==(const Constraint& o) const {
    return kind == o.kind && name == o.name && columns == o.columns && nulls_not_distinct == o.nulls_not_distinct &&
           ref_table == o.ref_table && ref_columns == o.ref_columns && on_delete == o.on_delete &&
           set_null_columns == o.set_null_columns && expression == o.expression && valid == o.valid;
  }
};

struct IndexKey {
  std::string column;
  bool desc = false;
  bool operator==(const IndexKey&) const = default;
};

struct Index {
  std::string name;
  std::string table;
  std::string method = "btree";
  bool unique = false;
  bool nulls_not_distinct = false;
  std::vector<IndexKey> keys;
  std::string where;
  std::vector<std::string> serves;
  bool operator==(const Index& o) const {
    return name == o.name && table == o.table && method == o.method && unique == o.unique &&
           nulls_not_distinct == o.nulls_not_distinct && keys == o.keys && where == o.where;
  }
};

struct Table {
  std::string name;
  std::string renamed_from;  // the previous name, from the YAML
  std::vector<Column> columns;
  std::vector<Constraint> constraints;
  std::string comment;
  const Column* column(const std::string& n) const {
    for (const auto& c : columns)
      if (c.name == n) return &c;
    return nullptr;
  }
};

struct Enum {
  std::string name;
  std::vector<std::string> values;
  std::string comment;
  // Rename hints from the YAML, not part of equality: the type's previous name, and per
  // value (keyed by its current label) the label it had before.
  std::string renamed_from;
  std::map<std::string, std::string> value_renamed_from;
  bool operator==(const Enum& o) const { return name == o.name && values == o.values && comment == o.comment; }
};

// Tables are in creation order: a table comes after the tables it references, except
// where references form a cycle.
struct Schema {
  std::vector<Enum> enums;
  std::vector<Table> tables;
  std::vector<Index> indexes;

  const Table* table(const std::string& n) const {
    for (const auto& t : tables)
      if (t.name == n) return &t;
    return nullptr;
  }
};

}  // namespace tenantc::catalog
