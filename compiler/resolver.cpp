// Semantic analysis of the schema files. Every check in the spec's error list lives here,
// and each reports at the YAML node it is about; analysis goes on after an error so that
// one run shows them all.
#include "resolver.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "defaults.hpp"
#include "naming.hpp"
#include "sql_parser.hpp"
#include "queries.hpp"
#include "types.hpp"

namespace tenantc {

namespace {

using model::ColumnRole;

const char* kBuiltinTypes =
    "uuid, string(n), text, smallint, int, bigint, real, double, bool, decimal(p,s), money, money(p,s), rate, "
    "percentage, date, timestamp, jsonb, bytes, T[] or an enum";

// Functions whose result changes between calls: never allowed in a generated column.
const std::set<std::string> kVolatileFunctions = {
    "now", "random", "clock_timestamp", "statement_timestamp", "transaction_timestamp", "timeofday",
    "gen_random_uuid", "uuid_generate_v4", "nextval", "currval", "setval", "txid_current", "age",
    "current_setting", "pg_backend_pid"};

// Why an expression cannot be stored in a generated column or an index predicate, both of
// which PostgreSQL requires to be immutable. Empty when nothing is known to be wrong.
std::string mutability(const sql::ExpressionInfo& info) {
  for (const auto& fn : info.functions)
    if (kVolatileFunctions.count(fn)) return "calls " + fn + "()";
  if (info.uses_volatile_sql_function) return "reads the clock (CURRENT_DATE, CURRENT_TIMESTAMP ...)";
  return {};
}

// PostgreSQL ships brin minmax operator classes for these types only.
bool brin_supports(const model::Type& t) {
  if (t.array) return false;
  switch (t.scalar) {
    case model::Scalar::SmallInt: case model::Scalar::Int: case model::Scalar::BigInt: case model::Scalar::Real:
    case model::Scalar::Double: case model::Scalar::Decimal: case model::Scalar::Date: case model::Scalar::Timestamp:
    case model::Scalar::Uuid: case model::Scalar::String: case model::Scalar::Text: case model::Scalar::Bytes:
      return true;
    default:
      return false;
  }
}

std::string at(const SourceLoc& l) { return std::to_string(l.line) + ":" + std::to_string(l.column); }

struct TenancyChoice {
  std::string column;
  std::string table;
  SourceLoc loc;
};

class Resolver {
 public:
  Resolver(Diagnostics& diags) : diags_(diags) {}

  model::Settings settings(const ast::Project& p);
  std::optional<model::Project> run(const ast::Project& p, const std::vector<ast::Module>& modules);

 private:
  void error(const SourceLoc& l, std::string m) { diags_.error(l, std::move(m)); }

  bool check_identifier(const ast::Text& t, const std::string& what) {
    auto problem = naming::identifier_problem(t.value);
    if (problem.empty()) return true;
    error(t.loc, what + " '" + t.value + "' " + problem);
    return false;
  }

  void declare_names(const std::vector<ast::Module>& modules);
  void resolve_enum(const ast::Module& m, const ast::Enum& e);
  bool is_enum_label(const ast::Text& label, const std::string& what);
  bool check_type_renamed_from(const ast::Text& name, const ast::Text& old, const std::string& kind);
  void check_field_renames(const ast::Entity& ae, const std::vector<model::Field>& implied,
                           const std::map<std::string, SourceLoc>& fields);
  void check_value_renames(const ast::Enum& e, const std::map<std::string, SourceLoc>& values, model::Enum& out);
  void resolve_entity(const ast::Module& m, const ast::Entity& e, const TenancyChoice& tenancy);
  std::optional<model::Field> resolve_field(const ast::Module& m, const ast::Field& f, model::Entity& entity);
  void resolve_refs_and_expressions(const ast::Entity& ae, model::Entity& e);
  void check_expression(const ast::Text& expr, const model::Entity& e, const std::string& what, bool allow_columns);
  std::optional<model::Type> resolve_type(const ast::Module& m, const ast::Text& text);
  const model::Enum* find_enum(const std::string& module, const std::string& ref);

  Diagnostics& diags_;
  model::Project project_;
  // Tables and enum types share PostgreSQL's namespace; the first declaration wins.
  std::map<std::string, SourceLoc> names_;
  std::map<std::string, SourceLoc> type_renamed_from_;  // a table's or enum's previous name -> where given
  std::map<std::string, const ast::Entity*> entity_ast_;
  std::map<std::string, std::string> entity_module_;
  std::set<std::string> tenancy_tables_;
  std::set<std::string> root_namespace_parts_;

  void check_generated_names();
};

model::Settings Resolver::settings(const ast::Project& p) {
  model::Settings s;
  s.project_file = p.file;
  s.root = std::filesystem::path(p.file).parent_path().string();
  s.loc = p.loc;
  if (p.version.set && p.version.value != "1")
    error(p.version.loc, "version '" + p.version.value + "' is not supported; this tenantc reads version 1");
  auto path_setting = [&](const ast::Text& t, std::string& out) {
    if (!t.set) return;
    if (t.value.empty())
      error(t.loc, "a path cannot be empty");
    else
      out = t.value;
  };
  path_setting(p.schemas, s.schemas_dir);
  path_setting(p.migrations_dir, s.migrations_dir);
  path_setting(p.repositories_out, s.repositories_out);
  path_setting(p.output_schema, s.output_schema);
  path_setting(p.output_index_report, s.output_index_report);
  if (p.migrations_format.set) {
    if (p.migrations_format.value == "golang-migrate")
      s.format = model::MigrationFormat::GolangMigrate;
    else if (p.migrations_format.value != "sql-migrate")
      error(p.migrations_format.loc,
            "unknown migrations format '" + p.migrations_format.value + "'; valid: sql-migrate, golang-migrate");
  }
  if (p.repositories_namespace.set) {
    const auto& ns = p.repositories_namespace.value;
    bool ok = !ns.empty();
    std::size_t start = 0;
    while (ok && start <= ns.size()) {
      auto end = ns.find("::", start);
      std::string part = ns.substr(start, end == std::string::npos ? std::string::npos : end - start);
      ok = naming::is_snake_case(part) && !naming::is_cpp_keyword(part);
      if (end == std::string::npos) break;
      start = end + 2;
    }
    if (!ok)
      error(p.repositories_namespace.loc, "namespace '" + ns +
                                              "' must be lowercase C++ identifiers joined by ::, for example db or "
                                              "acme::db");
    else
      s.cpp_namespace = ns;
  }
  if (p.tenancy) {
    if (p.tenancy->column.set && check_identifier(p.tenancy->column, "tenancy column"))
      s.tenancy_column = p.tenancy->column.value;
    if (p.tenancy->table.set && check_identifier(p.tenancy->table, "tenancy table"))
      s.tenancy_table = p.tenancy->table.value;
  }
  if (p.audit.set) {
    if (p.audit.value == "full") s.audit = model::Audit::Full;
    else if (p.audit.value == "timestamps") s.audit = model::Audit::Timestamps;
    else if (p.audit.value == "none") s.audit = model::Audit::None;
    else error(p.audit.loc, "audit must be full, timestamps or none, not '" + p.audit.value + "'");
  }
  if (p.soft_delete.set) s.soft_delete = p.soft_delete.value;
  if (p.users_table.set && check_identifier(p.users_table, "users_table")) s.users_table = p.users_table.value;
  // The migrations folder holds migrations only: the history reader takes every .sql there.
  auto inside_migrations = [&](const ast::Text& t, const std::string& path) {
    auto dir = std::filesystem::path(s.migrations_dir).lexically_normal();
    auto parent = std::filesystem::path(path).lexically_normal().parent_path();
    if (t.set && parent == dir)
      error(t.loc, "'" + path + "' is inside the migrations folder '" + s.migrations_dir +
                       "', which must hold migrations only; put it elsewhere");
  };
  inside_migrations(p.output_schema, s.output_schema);
  inside_migrations(p.output_index_report, s.output_index_report);
  if (p.rls.set && p.rls.value)
    error(p.rls.loc, "rls: true is not supported yet; row-level security policies come in a later release");
  if (p.target.set) {
    if (p.target.value == "citus")
      error(p.target.loc, "target 'citus' is not supported yet; use postgres");
    else if (p.target.value != "postgres")
      error(p.target.loc, "unknown target '" + p.target.value + "'; valid: postgres, citus");
  }
  return s;
}

void Resolver::declare_names(const std::vector<ast::Module>& modules) {
  std::map<std::string, SourceLoc> module_names;
  for (const auto& m : modules) {
    if (!m.name.set) continue;
    // Module names become C++ namespaces and header names only, never SQL, so SQL keywords
    // are fine; names that would shadow a namespace or a header of the generated code are not.
    static const std::set<std::string> kReservedModules = {"std", "tenantc", "tenantc_ids", "testing"};
    if (!naming::is_snake_case(m.name.value)) {
      error(m.name.loc, "module name '" + m.name.value + "' is not a lowercase snake_case identifier");
    } else if (kReservedModules.count(m.name.value) || naming::is_cpp_keyword(m.name.value) ||
               root_namespace_parts_.count(m.name.value)) {
      error(m.name.loc, "module name '" + m.name.value + "' would clash with a C++ namespace or header of the "
                        "generated code; choose another");
    } else {
      if (auto it = module_names.find(m.name.value); it != module_names.end())
        error(m.name.loc, "module '" + m.name.value + "' is also declared in " + it->second.str());
      else
        module_names.emplace(m.name.value, m.name.loc);
    }
    auto declare = [&](const ast::Text& name, const char* kind) {
      if (auto it = names_.find(name.value); it != names_.end()) {
        error(name.loc, std::string(kind) + " '" + name.value + "' reuses a name already declared at " +
                            it->second.str() + "; tables and enum types share one namespace across all modules");
        return false;
      }
      names_.emplace(name.value, name.loc);
      return true;
    };
    for (const auto& e : m.enums) declare(e.name, "enum");
    for (const auto& e : m.entities) {
      if (declare(e.name, "entity")) {
        entity_ast_[e.name.value] = &e;
        entity_module_[e.name.value] = m.name.value;
      }
    }
  }
}

void Resolver::resolve_enum(const ast::Module& m, const ast::Enum& e) {
  model::Enum out;
  out.name = e.name.value;
  out.module = m.name.value;
  out.description = e.description.value;
  out.loc = e.name.loc;
  if (check_identifier(e.name, "enum name")) {
    if (auto problem = naming::type_name_problem(e.name.value); !problem.empty())
      error(e.name.loc, "enum name '" + e.name.value + "' " + problem + "; choose another, such as " + e.name.value +
                            "_kind");
  }
  if (e.renamed_from.set && check_type_renamed_from(e.name, e.renamed_from, "enum")) out.renamed_from = e.renamed_from.value;
  std::map<std::string, SourceLoc> seen;
  for (const auto& v : e.values) {
    if (!is_enum_label(v.name, "enum value")) continue;
    if (auto it = seen.find(v.name.value); it != seen.end()) {
      error(v.name.loc, "enum value '" + v.name.value + "' is listed twice (first at " + at(it->second) + ")");
      continue;
    }
    seen.emplace(v.name.value, v.name.loc);
    out.values.push_back(v.name.value);
  }
  check_value_renames(e, seen, out);
  project_.enums.push_back(std::move(out));
}

// Values are string literals in SQL, so keywords are fine; they become C++ enumerators.
bool Resolver::is_enum_label(const ast::Text& label, const std::string& what) {
  if (naming::is_snake_case(label.value) && label.value.size() <= naming::kMaxIdentifierBytes) return true;
  error(label.loc, what + " '" + label.value +
                       "' is not a lowercase identifier (a letter, then a-z, 0-9 or _, at most 63 bytes)");
  return false;
}

// Why a renamed_from may not name a current name, and the two ways out, for every kind of rename.
const char* const kStaleOrSwap =
    " (a hint left from a rename already generated can be dropped; to swap two names, rename "
    "through a temporary name in two edits)";

// A table's or enum's previous name must be free now (tables and enum types share one
// namespace, so a name still declared cannot also be the one renamed away from) and claimed
// by one table or enum. Without this, two names swapped through renamed_from would match by
// name and the intended swap would silently be no change at all.
bool Resolver::check_type_renamed_from(const ast::Text& name, const ast::Text& old, const std::string& kind) {
  if (!check_identifier(old, "renamed_from")) return false;
  if (old.value == name.value) {
    error(old.loc, kind + " '" + name.value + "' cannot be renamed from its own name; drop renamed_from");
    return false;
  }
  if (auto it = names_.find(old.value); it != names_.end()) {
    error(old.loc, "renamed_from '" + old.value + "' is the name of a table or enum type declared at " + it->second.str() +
                       "; it names the " + kind + "'s previous name, which nothing declares any more" +
                       kStaleOrSwap);
    return false;
  }
  if (auto [it, fresh] = type_renamed_from_.emplace(old.value, old.loc); !fresh) {
    error(old.loc, kind + " renamed_from '" + old.value + "' is also given at " + it->second.str() +
                       "; only one table or enum can take over an old name");
    return false;
  }
  return true;
}

// The same rules for the fields of one entity: a field's previous name is neither its own,
// nor a column the entity still has (declared or added automatically), nor given twice.
void Resolver::check_field_renames(const ast::Entity& ae, const std::vector<model::Field>& implied,
                                   const std::map<std::string, SourceLoc>& fields) {
  std::map<std::string, SourceLoc> olds;
  for (const auto& f : ae.fields) {
    const ast::Text& old = f.renamed_from;
    if (!old.set || !naming::is_snake_case(old.value)) continue;  // not an identifier: reported already
    if (old.value == f.name.value) {
      error(old.loc, "field '" + f.name.value + "' cannot be renamed from its own name; drop renamed_from");
    } else if (auto it = fields.find(old.value); it != fields.end()) {
      error(old.loc, "renamed_from '" + old.value + "' of field '" + f.name.value + "' is the name of a field declared at " +
                         at(it->second) + "; it names the field's previous name, which the entity no longer has" + kStaleOrSwap);
    } else if (std::any_of(implied.begin(), implied.end(), [&](const auto& c) { return c.name == old.value; })) {
      error(old.loc, "renamed_from '" + old.value + "' of field '" + f.name.value + "' is a column that " +
                         ae.name.value + " gets automatically; it names the field's previous name");
    } else if (auto [it2, fresh] = olds.emplace(old.value, old.loc); !fresh) {
      error(old.loc, "renamed_from '" + old.value + "' is given twice in entity '" + ae.name.value + "' (first at " +
                         at(it2->second) + ")");
    }
  }
}

// Each value's previous label: a label, not one of the enum's current values (renaming a
// value to another that stays would be ambiguous), and not given for two values.
void Resolver::check_value_renames(const ast::Enum& e, const std::map<std::string, SourceLoc>& values, model::Enum& out) {
  std::map<std::string, SourceLoc> olds;
  for (const auto& v : e.values) {
    const ast::Text& old = v.renamed_from;
    if (!old.set || !values.count(v.name.value) || !is_enum_label(old, "renamed_from")) continue;
    if (values.count(old.value)) {
      error(old.loc, "renamed_from '" + old.value + "' of enum value '" + v.name.value + "' is still a value of enum '" +
                         e.name.value + "'; it names the label '" + v.name.value + "' had before, which the list no longer holds" +
                         kStaleOrSwap);
    } else if (auto [it, fresh] = olds.emplace(old.value, old.loc); !fresh) {
      error(old.loc, "renamed_from '" + old.value + "' is given twice in enum '" + e.name.value + "' (first at " +
                         at(it->second) + ")");
    } else if (!out.value_renamed_from.count(v.name.value)) {
      out.value_renamed_from[v.name.value] = old.value;
    }
  }
}

const model::Enum* Resolver::find_enum(const std::string& module, const std::string& ref) {
  auto dot = ref.find('.');
  std::string mod = dot == std::string::npos ? module : ref.substr(0, dot);
  std::string name = dot == std::string::npos ? ref : ref.substr(dot + 1);
  for (const auto& e : project_.enums)
    if (e.name == name && e.module == mod) return &e;
  return nullptr;
}

std::optional<model::Type> Resolver::resolve_type(const ast::Module& m, const ast::Text& text) {
  auto parsed = types::parse(text.value);
  if (parsed.type) return parsed.type;
  if (!parsed.error.empty()) {
    error(text.loc, parsed.error);
    return std::nullopt;
  }
  std::string ref = parsed.enum_ref;
  bool array = false;
  if (text.value.size() > 2 && text.value.substr(text.value.size() - 2) == "[]") array = true;
  if (const auto* e = find_enum(m.name.value, ref)) {
    model::Type t;
    t.scalar = model::Scalar::Enum;
    t.enum_name = e->name;
    t.enum_module = e->module;
    t.array = array;
    return t;
  }
  std::string hint;
  for (const auto& e : project_.enums)
    if (e.name == ref) hint = "; enum '" + ref + "' is declared in module " + e.module + ", write " + e.module + "." + ref;
  if (entity_ast_.count(ref)) hint = "; '" + ref + "' is an entity: reference it with { ref: " + ref + " }";
  error(text.loc, "unknown type '" + text.value + "'" + (hint.empty() ? "; built-in types are " + std::string(kBuiltinTypes) : hint));
  return std::nullopt;
}

std::optional<model::Field> Resolver::resolve_field(const ast::Module& m, const ast::Field& f, model::Entity& entity) {
  model::Field out;
  out.name = f.name.value;
  out.loc = f.name.loc;
  out.description = f.description.value;
  out.renamed_from = f.renamed_from.value;
  if (f.reported) return std::nullopt;
  bool ok = check_identifier(f.name, "field name");
  if (ok && naming::is_system_column(out.name)) {
    error(f.name.loc, "field name '" + out.name + "' is a PostgreSQL system column; choose another");
    ok = false;
  }
  out.nullable = f.optional.set && f.optional.value;

  if (f.renamed_from.set) check_identifier(f.renamed_from, "renamed_from");

  if (f.ref.set) {
    if (f.type.set) error(f.type.loc, "a ref field takes no type: it is a uuid holding the target's id");
    if (f.default_value || f.default_sql.set)
      error(f.default_value ? f.default_loc : f.default_sql.loc, "a ref field takes no default");
    if (f.generated.set) error(f.generated.loc, "a ref field cannot be generated");
    out.type.scalar = model::Scalar::Uuid;
    model::Ref r;
    const std::string& text = f.ref.value;
    auto dot = text.find('.');
    std::string mod = dot == std::string::npos ? m.name.value : text.substr(0, dot);
    std::string table = dot == std::string::npos ? text : text.substr(dot + 1);
    auto it = entity_module_.find(table);
    if (it == entity_module_.end()) {
      error(f.ref.loc, "unknown ref target '" + text + "'; a ref names an entity: entity or module.entity");
      ok = false;
    } else if (it->second != mod) {
      error(f.ref.loc, "entity '" + table + "' is declared in module " + it->second + ", not " + mod + "; write " +
                           it->second + "." + table);
      ok = false;
    } else {
      r.table = table;
      r.module = mod;
    }
    if (f.on_delete.set) {
      const auto& od = f.on_delete.value;
      if (od == "cascade") r.on_delete = model::OnDelete::Cascade;
      else if (od == "set_null") r.on_delete = model::OnDelete::SetNull;
      else if (od == "restrict") r.on_delete = model::OnDelete::Restrict;
      else if (od == "no_action") r.on_delete = model::OnDelete::NoAction;
      else error(f.on_delete.loc, "on_delete must be cascade, set_null, restrict or no_action, not '" + od + "'");
      if (r.on_delete == model::OnDelete::SetNull && !out.nullable)
        error(f.on_delete.loc, "on_delete: set_null needs an optional ref; mark '" + out.name +
                                   "' with optional: true or choose cascade or restrict");
    }
    out.ref = r;
  } else {
    if (f.on_delete.set) error(f.on_delete.loc, "on_delete applies only to a ref field");
    if (!f.type.set) {
      if (!f.reported) error(f.loc, "field '" + out.name + "' needs a type (type: ...) or a ref (ref: ...)");
      return std::nullopt;
    }
    auto t = resolve_type(m, f.type);
    if (!t) return std::nullopt;
    out.type = *t;
  }

  const bool money = out.type.flavor == model::NumericFlavor::Money && !out.type.array;
  if (f.default_value && f.default_sql.set)
    error(f.default_sql.loc, "give either default or default_sql, not both");
  if (out.nullable && (f.default_value || f.default_sql.set)) {
    error(f.default_value ? f.default_loc : f.default_sql.loc,
          "field '" + out.name + "' is optional and has a default; a nullable column with a default is ambiguous "
          "(is an empty value NULL or the default?): drop the default or make the field required");
  } else if (f.generated.set && (f.default_value || f.default_sql.set)) {
    error(f.default_value ? f.default_loc : f.default_sql.loc, "a generated column takes no default");
  } else if (f.default_value) {
    std::vector<std::string> values;
    if (out.type.scalar == model::Scalar::Enum)
      if (const auto* e = project_.enum_type(out.type.enum_name)) values = e->values;
    auto d = render_default(*f.default_value, out.type, values);
    if (d.sql)
      out.default_sql = d.sql;
    else
      error(f.default_loc, "default for '" + out.name + "' (" + out.type.sql() + ") " + d.error);
  } else if (f.default_sql.set) {
    auto info = sql::analyze_expression(f.default_sql.value);
    if (info.error)
      error(f.default_sql.loc, "default_sql '" + f.default_sql.value + "' is not a single SQL expression: " +
                                   info.error->message);
    else if (info.has_subquery)
      error(f.default_sql.loc, "default_sql cannot hold a subquery");
    else if (!info.column_refs.empty())
      error(f.default_sql.loc, "default_sql cannot read columns ('" + info.column_refs.front() +
                                   "'); use generated for a value computed from other columns");
    else
      out.default_sql = f.default_sql.value;
  } else if (money && !out.nullable && !f.generated.set) {
    out.default_sql = money_zero(out.type);
  }

  if (f.unique.set && f.unique.value != "false")
    out.unique = f.unique.value == "global" ? model::Field::Unique::Global : model::Field::Unique::PerTenant;
  if (f.check.set) out.check = f.check.value;
  if (f.generated.set) out.generated = f.generated.value;

  if (f.index) {
    model::DeclaredIndex ix;
    ix.loc = f.index->loc;
    ix.columns.push_back({out.name, !f.index->columns.empty() && f.index->columns.front().desc});
    if (f.index->using_method.set) ix.method = f.index->using_method.value;
    if (f.index->name.set) ix.name = f.index->name.value;
    if (f.index->where.set) ix.where = f.index->where.value;
    entity.indexes.push_back(ix);
  }
  if (!ok) return std::nullopt;
  return out;
}

void Resolver::check_expression(const ast::Text& expr, const model::Entity& e, const std::string& what,
                                bool allow_columns) {
  auto info = sql::analyze_expression(expr.value);
  if (info.error) {
    error(expr.loc, what + " '" + expr.value + "' is not a single SQL expression: " + info.error->message);
    return;
  }
  if (info.has_subquery) {
    error(expr.loc, what + " cannot hold a subquery; it may read only this row's columns");
    return;
  }
  if (!allow_columns) return;
  for (const auto& c : info.column_refs) {
    if (!e.field(c)) error(expr.loc, what + " reads '" + c + "', which is not a column of " + e.name);
  }
}

void Resolver::resolve_entity(const ast::Module& m, const ast::Entity& ae, const TenancyChoice& tenancy) {
  model::Entity e;
  e.name = ae.name.value;
  e.module = m.name.value;
  e.description = ae.description.value;
  e.renamed_from = ae.renamed_from.value;
  e.loc = ae.name.loc;
  check_identifier(ae.name, "entity name");
  if (ae.renamed_from.set && !check_type_renamed_from(ae.name, ae.renamed_from, "entity")) e.renamed_from.clear();

  const bool is_tenancy_table = tenancy_tables_.count(e.name) > 0;
  e.tenant = !is_tenancy_table;
  if (ae.tenant.set) {
    if (is_tenancy_table && ae.tenant.value)
      error(ae.tenant.loc, "'" + e.name + "' is a tenancy table, so it cannot itself belong to a tenant; "
                           "write tenant: false or leave it out");
    e.tenant = ae.tenant.value;
  }
  if (e.tenant) {
    e.isolation_column = tenancy.column;
    e.tenancy_table = tenancy.table;
  }
  e.audit = project_.settings.audit;
  if (ae.audit.set) {
    if (ae.audit.value == "full") e.audit = model::Audit::Full;
    else if (ae.audit.value == "timestamps") e.audit = model::Audit::Timestamps;
    else if (ae.audit.value == "none") e.audit = model::Audit::None;
    else error(ae.audit.loc, "audit must be full, timestamps or none, not '" + ae.audit.value + "'");
  }
  e.soft_delete = ae.soft_delete.set ? ae.soft_delete.value : project_.settings.soft_delete;
  if (ae.rls.set && ae.rls.value)
    error(ae.rls.loc, "rls: true is not supported yet; row-level security policies come in a later release");

  if (ae.cpp_name.set) {
    const auto& n = ae.cpp_name.value;
    bool ok = !n.empty() && n[0] >= 'A' && n[0] <= 'Z' &&
              std::all_of(n.begin(), n.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
    if (!ok) error(ae.cpp_name.loc, "cpp_name '" + n + "' must be a PascalCase C++ identifier, for example Category");
    e.cpp_name = n;
  } else {
    e.cpp_name = naming::pascal_case(naming::singular(e.name));
  }

  // Implied columns first, so that business fields can be checked against them.
  auto implied = [&](const std::string& name, ColumnRole role, model::Scalar scalar, bool nullable,
                     std::optional<std::string> def) {
    model::Field f;
    f.name = name;
    f.role = role;
    f.type.scalar = scalar;
    f.nullable = nullable;
    f.default_sql = std::move(def);
    f.loc = ae.name.loc;
    return f;
  };
  std::vector<model::Field> head, tail;
  head.push_back(implied("id", ColumnRole::Id, model::Scalar::Uuid, false, "gen_random_uuid()"));
  if (e.tenant) {
    auto iso = implied(e.isolation_column, ColumnRole::Isolation, model::Scalar::Uuid, false, std::nullopt);
    model::Ref r;
    r.table = e.tenancy_table;
    r.on_delete = model::OnDelete::Cascade;
    if (auto it = entity_module_.find(r.table); it != entity_module_.end()) r.module = it->second;
    iso.ref = r;
    head.push_back(iso);
  }
  if (e.audit != model::Audit::None) {
    tail.push_back(implied("created_at", ColumnRole::CreatedAt, model::Scalar::Timestamp, false, "now()"));
    tail.push_back(implied("updated_at", ColumnRole::UpdatedAt, model::Scalar::Timestamp, false, "now()"));
  }
  if (e.audit == model::Audit::Full) {
    tail.push_back(implied("created_by", ColumnRole::CreatedBy, model::Scalar::Uuid, true, std::nullopt));
    tail.push_back(implied("updated_by", ColumnRole::UpdatedBy, model::Scalar::Uuid, true, std::nullopt));
  }
  if (e.soft_delete) tail.push_back(implied("deleted_at", ColumnRole::DeletedAt, model::Scalar::Timestamp, true, std::nullopt));

  e.fields = head;
  std::map<std::string, SourceLoc> seen;
  for (const auto& f : ae.fields) {
    const auto& name = f.name.value;
    bool implied_name = std::any_of(head.begin(), head.end(), [&](const auto& h) { return h.name == name; }) ||
                        std::any_of(tail.begin(), tail.end(), [&](const auto& h) { return h.name == name; });
    if (implied_name) {
      error(f.name.loc, "field '" + name + "' is added automatically to " + e.name + "; remove it");
      continue;
    }
    if (auto it = seen.find(name); it != seen.end()) {
      error(f.name.loc, "field '" + name + "' is declared twice (first at " + at(it->second) + ")");
      continue;
    }
    seen.emplace(name, f.name.loc);
    if (auto field = resolve_field(m, f, e)) e.fields.push_back(std::move(*field));
  }
  if (ae.fields.empty() && ae.fields_loc.known())
    error(ae.fields_loc, "entity '" + e.name + "' declares no fields");
  std::vector<model::Field> implied_columns = head;
  implied_columns.insert(implied_columns.end(), tail.begin(), tail.end());
  check_field_renames(ae, implied_columns, seen);
  for (auto& t : tail) e.fields.push_back(std::move(t));
  project_.entities.push_back(std::move(e));
}

void Resolver::resolve_refs_and_expressions(const ast::Entity& ae, model::Entity& e) {
  // Refs: tenancy rules need both ends resolved.
  for (auto& f : e.fields) {
    if (f.role != ColumnRole::Business || !f.ref || f.ref->table.empty()) continue;
    const auto* target = project_.entity(f.ref->table);
    if (!target) continue;
    const ast::Field* af = nullptr;
    for (const auto& x : ae.fields)
      if (x.name.value == f.name) af = &x;
    SourceLoc where = af ? af->ref.loc : f.loc;
    if (!e.tenant && target->tenant) {
      error(where, "system entity '" + e.name + "' cannot ref tenant entity '" + target->name +
                       "': the row would belong to no tenant while its target belongs to one");
    } else if (e.tenant && target->tenant) {
      if (e.isolation_column != target->isolation_column || e.tenancy_table != target->tenancy_table) {
        error(where, "ref from '" + e.name + "' (isolated by " + e.isolation_column + ") to '" + target->name +
                         "' (isolated by " + target->isolation_column + ") crosses tenancies; both ends must use the "
                         "same isolation column");
      } else {
        f.ref->same_tenant = true;
      }
    }
  }
  // Audit columns reference the users table where the rules allow a real foreign key.
  if (e.audit == model::Audit::Full) {
    if (const auto* users = project_.entity(project_.settings.users_table)) {
      if (!users->tenant) {
        e.users_table = users->name;
      } else if (e.tenant && users->isolation_column == e.isolation_column && users->tenancy_table == e.tenancy_table) {
        e.users_table = users->name;
        e.users_same_tenant = true;
      }
      for (auto& f : e.fields) {
        if ((f.role == ColumnRole::CreatedBy || f.role == ColumnRole::UpdatedBy) && !e.users_table.empty()) {
          model::Ref r;
          r.table = users->name;
          r.module = users->module;
          r.on_delete = model::OnDelete::SetNull;
          r.same_tenant = e.users_same_tenant;
          f.ref = r;
        }
      }
    }
  }
  // Expressions, now that every column is known.
  for (const auto& af : ae.fields) {
    const model::Field* f = e.field(af.name.value);
    if (!f || f->role != ColumnRole::Business) continue;
    if (af.check.set) check_expression(af.check, e, "check", true);
    if (af.generated.set) {
      auto info = sql::analyze_expression(af.generated.value);
      check_expression(af.generated, e, "generated expression", true);
      if (!info.error) {
        for (const auto& c : info.column_refs) {
          const auto* other = e.field(c);
          if (other && other->generated)
            error(af.generated.loc, "generated column '" + f->name + "' reads generated column '" + c +
                                        "'; PostgreSQL allows generated columns to read only ordinary columns");
          if (c == f->name) error(af.generated.loc, "generated column '" + f->name + "' cannot read itself");
        }
        if (auto why = mutability(info); !why.empty())
          error(af.generated.loc, "generated expression " + why + ", which is not immutable");
      }
    }
  }
  for (const auto& c : ae.checks) {
    if (check_identifier(c.name, "check name")) {
      check_expression(c.expression, e, "check", true);
      e.checks.push_back({c.name.value, c.expression.value, c.name.loc});
    }
  }
  std::set<std::string> check_names;
  for (const auto& c : e.checks)
    if (!check_names.insert(c.name).second) error(c.loc, "check '" + c.name + "' is declared twice");

  // Unique sets.
  for (const auto& u : ae.uniques) {
    model::UniqueSet set;
    set.loc = u.loc;
    if (u.name.set && check_identifier(u.name, "unique name")) set.name = u.name.value;
    bool ok = !u.columns.empty();
    if (u.columns.empty()) error(u.loc, "a unique set needs at least one column");
    std::set<std::string> in_set;
    for (const auto& c : u.columns) {
      const auto* f = e.field(c.value);
      if (!in_set.insert(c.value).second) {
        error(c.loc, "unique set names '" + c.value + "' twice");
        ok = false;
      } else if (!f) {
        error(c.loc, "unique set names '" + c.value + "', which is not a column of " + e.name);
        ok = false;
      } else if (f->role == ColumnRole::Isolation) {
        error(c.loc, "'" + c.value + "' is added to every per-tenant unique set; leave it out");
        ok = false;
      } else {
        set.columns.push_back(c.value);
      }
    }
    if (ok) e.uniques.push_back(set);
  }
  // Indexes: the field-level ones were collected while fields resolved.
  for (const auto& ai : ae.indexes) {
    model::DeclaredIndex ix;
    ix.loc = ai.loc;
    if (ai.using_method.set) ix.method = ai.using_method.value;
    if (ai.where.set) ix.where = ai.where.value;
    if (ai.name.set && check_identifier(ai.name, "index name")) ix.name = ai.name.value;
    ix.unique = ai.unique.set && ai.unique.value;
    for (const auto& c : ai.columns) ix.columns.push_back({c.name.value, c.desc});
    // Column existence is checked below together with the field-level indexes.
    e.indexes.push_back(ix);
  }
  std::vector<model::DeclaredIndex> kept;
  std::size_t ai_index = 0;
  const std::size_t field_level = e.indexes.size() - ae.indexes.size();
  for (std::size_t i = 0; i < e.indexes.size(); ++i) {
    auto ix = e.indexes[i];
    const ast::Index* src = i >= field_level ? &ae.indexes[ai_index++] : nullptr;
    bool ok = true;
    static const std::set<std::string> methods = {"btree", "gin", "brin", "hash"};
    if (!methods.count(ix.method)) {
      error(src && src->using_method.set ? src->using_method.loc : ix.loc,
            "index method '" + ix.method + "' is not one of btree, gin, brin, hash");
      ok = false;
    }
    for (std::size_t c = 0; c < ix.columns.size(); ++c) {
      const auto& col = ix.columns[c];
      const auto* f = e.field(col.column);
      SourceLoc cl = src ? src->columns[c].name.loc : ix.loc;
      if (!f) {
        error(cl, "index names '" + col.column + "', which is not a column of " + e.name);
        ok = false;
      } else if (ix.method == "gin" && !(f->type.scalar == model::Scalar::Jsonb || f->type.array)) {
        error(cl, "a gin index needs a jsonb or array column; '" + col.column + "' is " + f->type.sql());
        ok = false;
      }
    }
    std::set<std::string> seen_columns;
    for (std::size_t c = 0; c < ix.columns.size(); ++c) {
      const auto& col = ix.columns[c];
      SourceLoc cl = src ? src->columns[c].name.loc : ix.loc;
      if (!seen_columns.insert(col.column).second) {
        error(cl, "index names '" + col.column + "' twice");
        ok = false;
      }
      if (col.desc && ix.method != "btree") {
        error(cl, "only btree indexes have an order; a " + ix.method + " index takes no desc");
        ok = false;
      }
      if (e.tenant && ix.method == "btree" && c > 0 && col.column == e.isolation_column) {
        error(cl, "a btree index on a tenant entity leads with " + e.isolation_column +
                      ": write it first or leave it out (it is added)");
        ok = false;
      }
      const auto* f = e.field(col.column);
      if (f && ix.method == "brin" && !brin_supports(f->type)) {
        error(cl, "a brin index needs an ordered scalar column (number, date, timestamp, uuid, text); '" +
                      col.column + "' is " + f->type.sql());
        ok = false;
      }
    }
    if (ix.method == "hash" && ix.columns.size() != 1) {
      error(ix.loc, "a hash index covers exactly one column");
      ok = false;
    }
    if (ix.unique && ix.method != "btree") {
      error(ix.loc, "only btree indexes can be unique");
      ok = false;
    }
    if (!ix.where.empty()) {
      SourceLoc wl = src ? src->where.loc : ix.loc;
      if (ix.where == "active") {
        if (!e.soft_delete) {
          error(wl, "where: active means deleted_at IS NULL, but " + e.name + " has no soft delete");
          ok = false;
        } else {
          ix.where = "deleted_at IS NULL";
        }
      } else {
        ast::Text t;
        t.value = ix.where;
        t.loc = wl;
        std::size_t before = diags_.error_count();
        check_expression(t, e, "index predicate", true);
        auto info = sql::analyze_expression(ix.where);
        if (!info.error)
          if (auto why = mutability(info); !why.empty())
            error(wl, "index predicate " + why + ", but PostgreSQL allows only immutable predicates in an index");
        ok = ok && diags_.error_count() == before;
      }
    }
    if (ok) kept.push_back(ix);
  }
  e.indexes = kept;
}

std::optional<model::Project> Resolver::run(const ast::Project& p, const std::vector<ast::Module>& modules) {
  project_.settings = settings(p);
  for (std::size_t start = 0;;) {
    auto end = project_.settings.cpp_namespace.find("::", start);
    root_namespace_parts_.insert(project_.settings.cpp_namespace.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) break;
    start = end + 2;
  }
  declare_names(modules);

  // Which tenancy each module uses, and the set of tenancy tables.
  std::vector<TenancyChoice> choice;
  TenancyChoice project_choice{project_.settings.tenancy_column, project_.settings.tenancy_table,
                               p.tenancy ? p.tenancy->loc : p.loc};
  for (const auto& m : modules) {
    TenancyChoice c = project_choice;
    if (m.tenancy) {
      c.loc = m.tenancy->loc;
      if (m.tenancy->column.set && check_identifier(m.tenancy->column, "tenancy column")) c.column = m.tenancy->column.value;
      if (m.tenancy->table.set && check_identifier(m.tenancy->table, "tenancy table")) c.table = m.tenancy->table.value;
    }
    choice.push_back(c);
    tenancy_tables_.insert(c.table);
  }

  for (const auto& m : modules) {
    project_.modules.push_back({m.name.value, m.description.value, m.file, {}, {}});
    for (const auto& e : m.enums) {
      resolve_enum(m, e);
      project_.modules.back().enums.push_back(e.name.value);
    }
  }
  for (std::size_t i = 0; i < modules.size(); ++i) {
    for (const auto& e : modules[i].entities) {
      if (entity_ast_[e.name.value] != &e) continue;  // a duplicate, already reported
      resolve_entity(modules[i], e, choice[i]);
      project_.modules[i].entities.push_back(e.name.value);
    }
  }
  // Every tenancy table in use must be declared, as a system entity.
  std::set<std::string> reported;
  for (std::size_t i = 0; i < modules.size(); ++i) {
    bool has_tenant_entities = false;
    for (const auto& e : project_.entities)
      if (e.module == modules[i].name.value && e.tenant) has_tenant_entities = true;
    if (!has_tenant_entities) continue;
    const auto& c = choice[i];
    if (!project_.entity(c.table) && reported.insert(c.table).second)
      error(c.loc, "tenancy table '" + c.table + "' is not declared in the schemas; declare it as an entity "
                   "with tenant: false (every tenant row references it)");
  }
  for (std::size_t i = 0; i < modules.size(); ++i) {
    for (const auto& ae : modules[i].entities) {
      if (entity_ast_[ae.name.value] != &ae) continue;
      for (auto& e : project_.entities)
        if (e.name == ae.name.value) resolve_refs_and_expressions(ae, e);
    }
  }
  // Index names given in the YAML share PostgreSQL's relation namespace with tables.
  std::map<std::string, SourceLoc> relations;
  for (const auto& e : project_.entities) relations.emplace(e.name, e.loc);
  auto claim = [&](const std::string& name, const SourceLoc& loc) {
    if (name.empty()) return;
    if (auto it = relations.find(name); it != relations.end())
      error(loc, "index name '" + name + "' is already used by " + it->second.str() +
                     "; index and table names share one namespace");
    else
      relations.emplace(name, loc);
  };
  for (const auto& e : project_.entities) {
    for (const auto& ix : e.indexes) claim(ix.name, ix.loc);
    for (const auto& u : e.uniques) claim(u.name, u.loc);
  }
  check_generated_names();
  return project_;
}

// The C++ names the repositories will declare must be distinct within each module's
// namespace, and each repository's method names distinct; a clash would only show up as a
// compile error in generated code, so it is reported here, at the YAML that causes it.
void Resolver::check_generated_names() {
  std::map<std::string, std::map<std::string, std::string>> types;  // module -> C++ name -> what
  auto declare = [&](const std::string& module, const std::string& name, const std::string& what, const SourceLoc& loc) {
    auto& names = types[module];
    if (auto it = names.find(name); it != names.end())
      error(loc, what + " would be generated as C++ type " + name + ", which " + it->second +
                     " also declares; set cpp_name or rename one of them");
    else
      names.emplace(name, what);
  };
  for (const auto& en : project_.enums) declare(en.module, naming::pascal_case(en.name), "enum '" + en.name + "'", en.loc);
  for (const auto& e : project_.entities) {
    const std::string what = "entity '" + e.name + "'";
    for (const auto& n : {e.cpp_name, "New" + e.cpp_name, e.cpp_name + "Id", e.cpp_name + "Repository"})
      declare(e.module, n, what, e.loc);
    // Repository methods: find_by_* per unique column or set, list_by_* per ref.
    std::map<std::string, std::string> methods;
    auto method = [&](const std::string& name, const std::string& from, const SourceLoc& loc) {
      if (auto it = methods.find(name); it != methods.end())
        error(loc, from + " would generate repository method " + name + ", which " + it->second +
                       " already generates; drop one of them or rename a field");
      else
        methods.emplace(name, from);
    };
    bool writable = false;
    for (const auto& f : e.fields) {
      if (f.role == model::ColumnRole::Business && !f.generated) writable = true;
      if (f.unique != model::Field::Unique::No) method("find_by_" + ref_stem(f.name), "unique field '" + f.name + "'", f.loc);
      if (f.role == model::ColumnRole::Business && f.ref) {
        const std::string base = "list_by_" + ref_stem(f.name);
        method(base, "ref '" + f.name + "'", f.loc);
        // An optional ref also lists the rows whose ref is NULL, under its own statements.
        if (f.nullable) method(base + "_null", "optional ref '" + f.name + "'", f.loc);
      }
    }
    for (const auto& u : e.uniques) {
      std::string name = "find_by";
      for (std::size_t i = 0; i < u.columns.size(); ++i) name += (i ? "_and_" : "_") + ref_stem(u.columns[i]);
      method(name, "unique set", u.loc);
    }
    if (!writable && e.audit == model::Audit::None)
      error(e.loc, "entity '" + e.name + "' has no column an update could set; give it a writable field or audit");
  }
}

}  // namespace

model::Settings resolve_settings(const ast::Project& project, Diagnostics& diags) {
  Resolver r(diags);
  return r.settings(project);
}

std::optional<model::Project> resolve(const ast::Project& project, const std::vector<ast::Module>& modules,
                                      Diagnostics& diags) {
  Resolver r(diags);
  return r.run(project, modules);
}

}  // namespace tenantc
