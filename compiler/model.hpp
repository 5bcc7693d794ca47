// The resolved model: what the YAML means once names, types, refs and settings are settled.
// Emitters read only this (and the catalog derived from it in catalog.hpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics.hpp"

namespace tenantc::model {

enum class Scalar {
  Uuid, String, Text, SmallInt, Int, BigInt, Real, Double, Bool, Decimal, Date, Timestamp, Jsonb, Bytes, Enum
};

// The spelled-out flavours of numeric that carry extra meaning.
enum class NumericFlavor { Plain, Money, Rate, Percentage };

struct Type {
  Scalar scalar = Scalar::Text;
  int length = 0;                 // varchar(n)
  int precision = 0, scale = 0;   // numeric(p,s)
  NumericFlavor flavor = NumericFlavor::Plain;
  std::string enum_name;          // the enum's SQL type name (Scalar::Enum)
  std::string enum_module;
  bool array = false;

  std::string sql() const;        // the PostgreSQL type as emitted
  // The type without its length or precision (varchar, numeric), for casting parameters: a
  // cast to varchar(n) would silently cut a longer text, where assigning it to the column
  // raises an error.
  std::string sql_unsized() const;
  std::string cpp() const;        // the C++ type of a non-null value
  bool operator==(const Type&) const = default;
};

enum class Audit { Full, Timestamps, None };
enum class OnDelete { Restrict, Cascade, SetNull, NoAction };

// Why a column exists: business columns come from the YAML, the rest are implied.
enum class ColumnRole { Id, Isolation, Business, CreatedAt, UpdatedAt, CreatedBy, UpdatedBy, DeletedAt };

struct Ref {
  std::string table;       // target table
  std::string module;      // target module
  OnDelete on_delete = OnDelete::Restrict;
  bool same_tenant = false;  // both ends isolate by the same column: composite key
};

struct Field {
  std::string name;
  ColumnRole role = ColumnRole::Business;
  Type type;
  bool nullable = false;
  std::optional<std::string> default_sql;  // rendered SQL expression
  std::optional<std::string> generated;    // SQL expression of a stored generated column
  std::optional<Ref> ref;
  enum class Unique { No, PerTenant, Global } unique = Unique::No;
  std::optional<std::string> check;        // field-level check expression
  std::string description;
  std::string renamed_from;
  SourceLoc loc;
};

struct IndexColumn {
  std::string column;
  bool desc = false;
};

struct DeclaredIndex {
  std::vector<IndexColumn> columns;
  std::string method = "btree";
  std::string where;      // SQL predicate, empty for none
  std::string name;       // given or empty (derived later)
  bool unique = false;
  SourceLoc loc;
};

struct UniqueSet {
  std::vector<std::string> columns;  // business columns, isolation column not included
  bool global = false;
  std::string name;
  SourceLoc loc;
};

struct Check {
  std::string name;
  std::string expression;
  SourceLoc loc;
};

struct Entity {
  std::string name;          // table name
  std::string module;
  std::string cpp_name;      // row struct name
  std::string description;
  std::string renamed_from;
  bool tenant = true;
  std::string isolation_column;  // empty on system entities
  std::string tenancy_table;
  Audit audit = Audit::Full;
  bool soft_delete = true;
  std::string users_table;   // target of created_by / updated_by, empty when not a FK
  bool users_same_tenant = false;
  std::vector<Field> fields;  // every column in table order, implied ones included
  std::vector<UniqueSet> uniques;
  std::vector<DeclaredIndex> indexes;
  std::vector<Check> checks;
  SourceLoc loc;

  const Field* field(const std::string& column) const;
};

struct Enum {
  std::string name;
  std::string module;
  std::vector<std::string> values;
  std::string description;
  std::string renamed_from;                               // the type's previous name
  std::map<std::string, std::string> value_renamed_from;  // value -> its previous label
  SourceLoc loc;
};

struct Module {
  std::string name;
  std::string description;
  std::string file;
  std::vector<std::string> entities;  // table names, declared order
  std::vector<std::string> enums;
};

enum class MigrationFormat { SqlMigrate, GolangMigrate };

struct Settings {
  std::string project_file;
  std::string root;            // folder of the project file
  std::string schemas_dir = "schemas";
  std::string migrations_dir = "migrations";
  MigrationFormat format = MigrationFormat::SqlMigrate;
  std::string repositories_out = "generated";
  std::string cpp_namespace = "db";
  std::string tenancy_column = "tenant_id";
  std::string tenancy_table = "tenants";
  Audit audit = Audit::Full;
  bool soft_delete = true;
  std::string users_table = "users";
  std::string output_schema = "schema.sql";
  std::string output_index_report = "indexes.md";
  SourceLoc loc;
};

struct Project {
  Settings settings;
  std::vector<Module> modules;   // module file order
  std::vector<Enum> enums;       // module order, then declared order
  std::vector<Entity> entities;  // module order, then declared order

  const Entity* entity(const std::string& table) const;
  const Enum* enum_type(const std::string& name) const;
};

}  // namespace tenantc::model
