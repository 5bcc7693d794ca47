// The syntax tree of tenantc.yaml and the module files: what was written, where, unresolved.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "diagnostics.hpp"

namespace tenantc::ast {

// A scalar as written, with where it was written. `set` is false when the key was absent.
struct Text {
  std::string value;
  SourceLoc loc;
  bool set = false;
  bool quoted = false;  // written in quotes: a string even if it looks like a number or bool
};

struct Flag {
  bool value = false;
  SourceLoc loc;
  bool set = false;
};

struct Tenancy {
  SourceLoc loc;
  Text column;
  Text table;
};

struct Project {
  std::string file;  // path as given on the command line
  SourceLoc loc;
  Text version;
  Text schemas;
  Text migrations_dir;
  Text migrations_format;
  Text repositories_out;
  Text repositories_namespace;
  std::optional<Tenancy> tenancy;
  Text audit;
  Flag soft_delete;
  Text users_table;
  Flag rls;
  Text target;
  Text output_schema;
  Text output_index_report;
};

struct IndexColumn {
  Text name;
  bool desc = false;
};

// `index:` on a field, or one entry of an entity's `indexes:`.
struct Index {
  SourceLoc loc;
  std::vector<IndexColumn> columns;
  Text using_method;  // btree (default), gin, brin, hash
  Text where;         // `active` or an SQL predicate
  Text name;
  Flag unique;
};

struct Unique {
  SourceLoc loc;
  std::vector<Text> columns;
  Text name;
};

struct Check {
  Text name;
  Text expression;
};

struct Field {
  SourceLoc loc;  // the key
  Text name;
  Text type;      // without the trailing `?`
  Flag optional;  // `?` or `optional: true`
  std::optional<YAML::Node> default_value;  // the YAML node as written
  SourceLoc default_loc;
  Text default_sql;
  Text unique;  // "true" | "global"
  std::optional<Index> index;
  Text check;
  Text ref;
  Text on_delete;
  Text generated;
  Text renamed_from;
  Text description;
  bool reported = false;  // the front end already reported why this field is unusable
};

struct Entity {
  SourceLoc loc;
  Text name;
  std::vector<Field> fields;
  SourceLoc fields_loc;
  Flag tenant;
  Text audit;
  Flag soft_delete;
  std::vector<Unique> uniques;
  std::vector<Index> indexes;
  std::vector<Check> checks;
  Flag rls;
  Text cpp_name;
  Text renamed_from;
  Text description;
};

// A value: `done`, or `{ name: done, renamed_from: completed }`.
struct EnumValue {
  Text name;
  Text renamed_from;  // the value's previous label: evolution renames it in place
};

struct Enum {
  SourceLoc loc;
  Text name;
  std::vector<EnumValue> values;
  Text renamed_from;  // the type's previous name
  Text description;
};

struct Module {
  std::string file;
  SourceLoc loc;
  Text name;
  Text description;
  std::optional<Tenancy> tenancy;
  std::vector<Enum> enums;
  std::vector<Entity> entities;
};

}  // namespace tenantc::ast
