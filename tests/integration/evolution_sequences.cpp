// Writes seeded random sequences of tenantc project states (YAML) for the schema evolution property test: per sequence a start state and N edits, each with seed rows, the data fix-ups an edit needs, and the queries that show which rows must survive it (tests/integration/evolution_property.sh).
//
// Usage: tenantc_evolution_sequences OUT_DIR SEED SEQUENCES EDITS [ONLY]
//   Sequence K (1-based) depends only on (SEED, K, EDITS), so ONLY=K writes that one alone,
//   identical to the one a full run writes. Names are never reused, so a rename hint left in
//   the YAML never names a current name (which the resolver refuses).
//   OUT_DIR/seq-KKK/tenantc.yaml              the project file (conventions vary per sequence)
//   OUT_DIR/seq-KKK/about.txt                 seed, sequence, conventions, the edits in order
//   OUT_DIR/seq-KKK/step-SS/schemas/*.yaml    the whole state after edit SS (00 = start)
//   OUT_DIR/seq-KKK/step-SS/edit.txt          what edit SS did
//   OUT_DIR/seq-KKK/step-SS/seed.sql          two rows per table (one per new tenant) in this state
//   OUT_DIR/seq-KKK/step-SS/destructive       present when the edit loses data (drop, narrow, enum value)
//   OUT_DIR/seq-KKK/step-SS/no_change         present when the edit must not change the database
//   OUT_DIR/seq-KKK/step-SS/prepare.sql       data fix-ups to run on the previous state before the
//                                             migration (backfill before NOT NULL, rows off a dropped
//                                             enum value), as an operator would
//   OUT_DIR/seq-KKK/step-SS/keep_before.sql   rows and unchanged values, read in the previous state
//   OUT_DIR/seq-KKK/step-SS/keep_after.sql    the same rows and values, read in this state; the
//                                             outputs must be equal
//
// The generator does not ask the compiler whether a state is valid: a state the compiler
// rejects fails the test. So every edit keeps the state within the spec (no nullable column
// with a default, no required column added without a default, no `where: active` without
// soft delete, no ref from a system entity to a tenant entity, ...). Enum and enum value
// renames are not generated. Randomness comes from std::mt19937 alone (its output is fixed
// by the standard; the library's distributions are not), so a seed means the same everywhere.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "../unit/differ_scenarios.hpp"

namespace fs = std::filesystem;

namespace {

enum class Kind { Scalar, Enum, Ref };

// The element of v whose `key` member equals `value`, or nullptr (const if v is).
template <class Vector, class Key, class Value>
auto find_by(Vector& v, Key key, const Value& value) -> decltype(&v[0]) {
  for (auto& x : v)
    if (x.*key == value) return &x;
  return nullptr;
}

struct Field {
  int uid = 0;  // identity across renames
  std::string name, renamed_from;
  bool renamed_now = false;  // renamed earlier in this step: a second rename keeps the first hint
  Kind kind = Kind::Scalar;
  std::string type;  // Scalar: a schema type ("string(40)", "int[]"); Enum: the enum's name
  bool array = false;  // Enum: an array of the enum
  int ref = 0;         // Ref: the target entity's uid
  std::string on_delete;
  bool optional = false;
  std::string default_yaml;  // YAML text of `default`, empty for none
  std::string default_sql;
  std::string description;
  int check = 0;       // 0 none, 1 `x >= 0`, 2 `x > -1000`, 3 `length(x) <= 200`
  int unique = 0;      // 0 no, 1 true (per tenant), 2 global
  std::string index;   // "", "true", "gin", "hash"
  // No two rows hold the same non-NULL value: it existed when every row was inserted (seed
  // values are distinct), or it was added optional. Only such a field may become unique
  // across rows (global, or on a system entity); a per-tenant unique always holds, since
  // each tenant has one row per table.
  bool distinct = true;
};

struct IndexSpec {
  std::vector<std::pair<int, bool>> cols;  // field uid, descending
  bool created_at = false;                 // ends in `created_at desc`
  bool active = false;                     // where: active
  std::string name;                        // explicit name, or derived when empty
};

struct CheckSpec {
  std::string name;
  int kind = 0;  // 0: `a >= 0` (numeric a); 1: `length(a) < 300 OR b >= 0` (string a, numeric b)
  int a = 0, b = 0;
};

struct Entity {
  int uid = 0;
  std::string name, renamed_from, description;
  bool renamed_now = false;  // as Field::renamed_now
  int module = 0;
  bool tenant = true;
  bool fixed = false;       // tenants and users: never dropped or renamed (the project names them)
  std::string audit;        // "" = the project's
  int soft_delete = -1;     // -1 = the project's
  std::vector<Field> fields;
  std::vector<std::vector<int>> uniques;  // unique sets of field uids
  std::vector<IndexSpec> indexes;
  std::vector<CheckSpec> checks;

  Field* field(int u) { return find_by(fields, &Field::uid, u); }
  const Field* field(int u) const { return find_by(fields, &Field::uid, u); }
};

struct Enum {
  std::string name, description;
  std::vector<std::string> values;
  int module = 0;
};

struct State {
  std::string audit = "full";
  bool soft_delete = true;
  std::vector<std::string> modules;  // module names; module files are <name>.yaml
  std::vector<Enum> enums;
  std::vector<Entity> entities;  // in creation order: required refs point only backwards

  Entity* entity(int u) { return find_by(entities, &Entity::uid, u); }
  const Entity* entity(int u) const { return find_by(entities, &Entity::uid, u); }
  Enum* enum_type(const std::string& n) { return find_by(enums, &Enum::name, n); }
  const Enum* enum_type(const std::string& n) const { return find_by(enums, &Enum::name, n); }
  bool soft(const Entity& e) const { return e.soft_delete < 0 ? soft_delete : e.soft_delete == 1; }
  std::string audit_of(const Entity& e) const { return e.audit.empty() ? audit : e.audit; }
};

// ---------------------------------------------------------------------------------------
// Types: what a field of each type may do, and the values rows hold.

bool is_string(const std::string& t) { return t.rfind("string(", 0) == 0 || t == "text"; }
bool is_int(const std::string& t) { return t == "smallint" || t == "int" || t == "bigint"; }
bool is_decimal(const std::string& t) {
  return t.rfind("decimal(", 0) == 0 || t == "money" || t == "rate" || t == "percentage";
}
bool is_numeric(const std::string& t) { return is_int(t) || is_decimal(t); }
bool is_array(const std::string& t) { return t.size() > 2 && t.compare(t.size() - 2, 2, "[]") == 0; }

int string_length(const std::string& t) { return std::atoi(t.c_str() + 7); }

// Scalar types a field may have, with an index into a weight-free list.
const std::vector<std::string> kScalarTypes = {"string", "text", "smallint", "int", "bigint", "money", "rate",
                                               "percentage", "decimal", "bool", "date", "timestamp", "jsonb",
                                               "uuid", "real", "double", "text[]", "int[]", "bytes"};

// May hold a unique constraint that row values keep: every seed value differs per row.
bool distinct_type(const Field& f) {
  return f.kind == Kind::Scalar && (is_string(f.type) || is_int(f.type) || f.type.rfind("decimal(", 0) == 0 ||
                                    f.type == "date" || f.type == "uuid");
}

bool btree_type(const Field& f) {
  return f.kind == Kind::Ref || (f.kind == Kind::Enum && !f.array) ||
         (f.kind == Kind::Scalar && !is_array(f.type) && f.type != "jsonb" && f.type != "bytes");
}

std::string sql_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

// A YAML double-quoted scalar (multi-line descriptions too).
std::string yaml_quote(const std::string& s) { return tenantc::testing::scenarios::quoted(s); }

std::string row_id(int entity_uid, int step, int r) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "'%08x-0000-4000-8000-%012d'", entity_uid, step * 10 + r);
  return buf;
}

// The value row number n holds in a column of field f. Every kind of value satisfies every
// check the generator writes, differs from row to row (for distinct types), fits the
// narrowest type a narrowing edit makes, and casts to the wider types.
std::string value(const State& s, const Field& f, int n) {
  const std::string ns = std::to_string(n);
  if (f.kind == Kind::Enum) {
    const Enum* e = s.enum_type(f.type);
    const std::string v = sql_quote(e->values[static_cast<std::size_t>(n) % e->values.size()]);
    return f.array ? "ARRAY[" + v + "]::" + f.type + "[]" : v;
  }
  const std::string& t = f.type;
  if (t.rfind("string(", 0) == 0) return "'s" + ns + "'";
  if (t == "text") return "'t" + ns + "'";
  if (is_int(t) || t.rfind("decimal(", 0) == 0 || t == "money" || t == "rate") return ns;
  if (t == "percentage") return std::to_string(n % 100);
  if (t == "real" || t == "double") return ns + ".5";
  if (t == "bool") return n % 2 ? "true" : "false";
  if (t == "date") return "DATE '2024-01-01' + " + ns;
  if (t == "timestamp") return "TIMESTAMPTZ '2024-01-01 00:00:00+00' + " + ns + " * INTERVAL '1 minute'";
  if (t == "jsonb") return "'{\"n\": " + ns + "}'";
  if (t == "uuid") {
    char buf[48];
    std::snprintf(buf, sizeof buf, "'bbbbbbbb-0000-4000-8000-%012d'", n);
    return buf;
  }
  if (t == "text[]") return "ARRAY['a" + ns + "']";
  if (t == "int[]") return "ARRAY[" + ns + "]";
  if (t == "bytes") return "'\\x" + std::to_string(10 + n % 80) + "'::bytea";
  throw std::runtime_error("no value for type " + t);
}

// ---------------------------------------------------------------------------------------
// YAML.

std::string qualified(const State& s, int from_module, int to_module, const std::string& name) {
  return from_module == to_module ? name : s.modules[static_cast<std::size_t>(to_module)] + "." + name;
}

std::string render_field(const State& s, const Entity& e, const Field& f) {
  std::vector<std::string> keys;
  if (f.kind == Kind::Ref) {
    const Entity* t = s.entity(f.ref);
    keys.push_back("ref: " + qualified(s, e.module, t->module, t->name));
    if (!f.on_delete.empty()) keys.push_back("on_delete: " + f.on_delete);
  } else if (f.kind == Kind::Enum) {
    const Enum* en = s.enum_type(f.type);
    keys.push_back("type: " + yaml_quote(qualified(s, e.module, en->module, f.type) + (f.array ? "[]" : "")));
  } else {
    keys.push_back("type: " + yaml_quote(f.type));
  }
  if (f.optional) keys.push_back("optional: true");
  if (!f.default_yaml.empty()) keys.push_back("default: " + f.default_yaml);
  if (!f.default_sql.empty()) keys.push_back("default_sql: " + yaml_quote(f.default_sql));
  if (f.unique == 1) keys.push_back("unique: true");
  if (f.unique == 2) keys.push_back("unique: global");
  if (!f.index.empty()) keys.push_back("index: " + f.index);
  if (f.check == 1) keys.push_back("check: " + yaml_quote(f.name + " >= 0"));
  if (f.check == 2) keys.push_back("check: " + yaml_quote(f.name + " > -1000"));
  if (f.check == 3) keys.push_back("check: " + yaml_quote("length(" + f.name + ") <= 200"));
  if (!f.renamed_from.empty()) keys.push_back("renamed_from: " + f.renamed_from);
  if (!f.description.empty()) keys.push_back("description: " + yaml_quote(f.description));
  std::string y = "      " + f.name + ": {";
  for (std::size_t i = 0; i < keys.size(); ++i) y += (i ? ", " : " ") + keys[i];
  return y + " }\n";
}

std::string check_expression(const Entity& e, const CheckSpec& c) {
  if (c.kind == 0) return e.field(c.a)->name + " >= 0";
  return "length(" + e.field(c.a)->name + ") < 300 OR " + e.field(c.b)->name + " >= 0";
}

std::string render_module(const State& s, int module) {
  std::string y = "# Generated by tenantc_evolution_sequences.\nmodule: " + s.modules[static_cast<std::size_t>(module)] + "\n";
  bool any = false;
  for (const auto& en : s.enums) {
    if (en.module != module) continue;
    if (!any) y += "enums:\n";
    any = true;
    std::string values;
    for (std::size_t i = 0; i < en.values.size(); ++i) values += (i ? ", " : "") + en.values[i];
    if (en.description.empty()) y += "  " + en.name + ": [" + values + "]\n";
    else y += "  " + en.name + ": { values: [" + values + "], description: " + yaml_quote(en.description) + " }\n";
  }
  any = false;
  for (const auto& e : s.entities) {
    if (e.module != module) continue;
    if (!any) y += "entities:\n";  // an empty `entities:` is an error; a module may have none
    any = true;
    y += "  " + e.name + ":\n";
    if (!e.tenant) y += "    tenant: false\n";
    if (!e.renamed_from.empty()) y += "    renamed_from: " + e.renamed_from + "\n";
    if (!e.description.empty()) y += "    description: " + yaml_quote(e.description) + "\n";
    if (!e.audit.empty()) y += "    audit: " + e.audit + "\n";
    if (e.soft_delete >= 0) y += std::string("    soft_delete: ") + (e.soft_delete ? "true" : "false") + "\n";
    y += "    fields:\n";
    for (const auto& f : e.fields) y += render_field(s, e, f);
    if (!e.uniques.empty()) {
      y += "    unique:\n";
      for (const auto& u : e.uniques) {
        y += "      - [";
        for (std::size_t i = 0; i < u.size(); ++i) y += (i ? ", " : "") + e.field(u[i])->name;
        y += "]\n";
      }
    }
    if (!e.indexes.empty()) {
      y += "    indexes:\n";
      for (const auto& ix : e.indexes) {
        y += "      - columns: [";
        for (std::size_t i = 0; i < ix.cols.size(); ++i)
          y += (i ? ", " : "") + e.field(ix.cols[i].first)->name + (ix.cols[i].second ? " desc" : "");
        if (ix.created_at) y += ", created_at desc";
        y += "]\n";
        if (ix.active) y += "        where: active\n";
        if (!ix.name.empty()) y += "        name: " + ix.name + "\n";
      }
    }
    if (!e.checks.empty()) {
      y += "    checks:\n";
      for (const auto& c : e.checks) y += "      " + c.name + ": " + yaml_quote(check_expression(e, c)) + "\n";
    }
  }
  return y;
}

std::string render_project(const State& s) {
  return "# Generated by tenantc_evolution_sequences.\nversion: 1\nschemas: schemas\nmigrations:\n  dir: migrations\n"
         "repositories:\n  out: generated\nconventions:\n  audit: " +
         s.audit + "\n  soft_delete: " + (s.soft_delete ? "true" : "false") +
         "\n  users_table: users\noutputs:\n  schema: schema.sql\n  index_report: indexes.md\n";
}

// ---------------------------------------------------------------------------------------
// SQL that the driver runs.

// Two rows per table, one for each of two new tenants, every column filled (so that any
// column may later become NOT NULL or unique), refs to the same tenant's row of the target.
// Optional refs to tables filled later (cycles, self refs) are set by UPDATEs at the end.
std::string seed_sql(const State& s, int step) {
  const Entity* tenants = nullptr;
  for (const auto& e : s.entities)
    if (e.name == "tenants") tenants = &e;
  std::map<int, std::size_t> order;
  for (std::size_t i = 0; i < s.entities.size(); ++i) order[s.entities[i].uid] = i;
  std::string sql, later;
  for (std::size_t ti = 0; ti < s.entities.size(); ++ti) {
    const Entity& e = s.entities[ti];
    std::string cols = "id";
    if (e.tenant) cols += ", tenant_id";
    for (const auto& f : e.fields) cols += ", " + f.name;
    sql += "INSERT INTO " + e.name + " (" + cols + ") VALUES\n";
    for (int r = 0; r < 2; ++r) {
      const int n = step * 500 + static_cast<int>(ti) * 2 + r + 1;
      std::string vals = row_id(e.uid, step, r);
      if (e.tenant) vals += ", " + row_id(tenants->uid, step, r);
      for (const auto& f : e.fields) {
        if (f.kind != Kind::Ref) {
          vals += ", " + value(s, f, n);
        } else if (order.at(f.ref) < ti) {
          vals += ", " + row_id(f.ref, step, r);
        } else {
          vals += ", NULL";
          later += "UPDATE " + e.name + " SET " + f.name + " = " + row_id(f.ref, step, r) + " WHERE id = " +
                   row_id(e.uid, step, r) + ";\n";
        }
      }
      sql += "  (" + vals + ")" + (r ? ";\n" : ",\n");
    }
  }
  return sql + later;
}

// Whether a column's values read the same as text before and after an edit.
bool same_text(const Field& a, const Field& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == Kind::Ref) return true;
  if (a.type == b.type && a.array == b.array) return true;
  if (a.kind == Kind::Scalar) return (is_string(a.type) && is_string(b.type)) || (is_int(a.type) && is_int(b.type));
  return false;
}

// The rows of every table both states have, with the values of the columns both have
// whose text the edit does not change, read under each state's names.
std::pair<std::string, std::string> keep_queries(const State& before, const State& after) {
  std::string b, a;
  for (const auto& ea : after.entities) {
    const Entity* eb = before.entity(ea.uid);
    if (!eb) continue;
    std::string cb = "id::text", ca = "id::text";
    if (ea.tenant) cb += ", tenant_id::text", ca += ", tenant_id::text";
    for (const auto& fa : ea.fields) {
      const Field* fb = eb->field(fa.uid);
      if (!fb || !same_text(*fb, fa)) continue;
      cb += ", " + fb->name + "::text";
      ca += ", " + fa.name + "::text";
    }
    const std::string tag = sql_quote("entity " + std::to_string(ea.uid));
    b += "SELECT " + tag + ", " + cb + " FROM " + eb->name + " ORDER BY id;\n";
    a += "SELECT " + tag + ", " + ca + " FROM " + ea.name + " ORDER BY id;\n";
  }
  return {b, a};
}

// Whether going from `before` to `after` loses data, by the spec's list: a table or column
// dropped (audit and soft-delete columns too), a type narrowed, an enum value dropped. Worked
// out from the states rather than from the edits, so that several edits in one step (a field
// added and narrowed at once loses nothing) count right.
bool narrows(const Field& a, const Field& b) {
  if (a.kind != Kind::Scalar || b.kind != Kind::Scalar || a.type == b.type) return false;
  auto rank = [](const std::string& t) { return t == "smallint" ? 0 : t == "int" ? 1 : t == "bigint" ? 2 : -1; };
  auto digits = [](const std::string& t, int& p, int& sc) {
    if (t == "money") p = 10, sc = 2;
    else if (t == "rate") p = 10, sc = 4;
    else if (t.rfind("decimal(", 0) == 0) p = std::atoi(t.c_str() + 8), sc = std::atoi(t.c_str() + t.find(',') + 1);
    else return false;
    return true;
  };
  if (rank(a.type) >= 0 && rank(b.type) >= 0) return rank(b.type) < rank(a.type);
  if (a.type.rfind("string(", 0) == 0 && b.type.rfind("string(", 0) == 0) return string_length(b.type) < string_length(a.type);
  if (a.type == "text" && b.type.rfind("string(", 0) == 0) return true;
  int p1, s1, p2, s2;
  if (digits(a.type, p1, s1) && digits(b.type, p2, s2)) return s2 < s1 || p2 - s2 < p1 - s1;
  if (rank(a.type) >= 0 && digits(b.type, p2, s2)) return p2 - s2 < 10 + 9 * (rank(a.type) == 2) - 5 * (rank(a.type) == 0);
  return false;
}

bool loses_data(const State& before, const State& after) {
  static const std::vector<std::string> kAudit = {"none", "timestamps", "full"};
  auto rank = [](const std::string& a) { return std::find(kAudit.begin(), kAudit.end(), a) - kAudit.begin(); };
  for (const auto& eb : before.entities) {
    const Entity* ea = after.entity(eb.uid);
    if (!ea) return true;
    if (rank(after.audit_of(*ea)) < rank(before.audit_of(eb))) return true;
    if (before.soft(eb) && !after.soft(*ea)) return true;
    for (const auto& fb : eb.fields) {
      const Field* fa = ea->field(fb.uid);
      if (!fa || narrows(fb, *fa)) return true;
    }
  }
  for (const auto& nb : before.enums)
    if (const Enum* na = after.enum_type(nb.name))
      for (const auto& v : nb.values)
        if (std::find(na->values.begin(), na->values.end(), v) == na->values.end()) return true;
  return false;
}

// ---------------------------------------------------------------------------------------
// The random walk.

struct Edit {
  std::string what;
  bool destructive = false;
  bool no_change = false;
  std::string prepare;  // SQL on the previous state
};

const std::vector<std::string> kTableWords = {"orders", "invoices", "products", "projects", "tasks", "notes",
                                              "accounts", "shipments", "contacts", "tickets"};
const std::vector<std::string> kFieldWords = {"amount", "title", "label", "score", "code", "due", "total",
                                              "weight", "memo", "flag", "rank", "level"};
const std::vector<std::string> kValueWords = {"draft", "open", "paid", "closed", "archived", "red", "green", "blue"};

class Walk {
 public:
  Walk(std::uint64_t seed, int sequence) {
    std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                      static_cast<std::uint32_t>(sequence)};
    rng_.seed(seq);
  }

  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  bool chance(int percent) { return static_cast<int>(rng_() % 100) < percent; }
  template <class T>
  T& one(std::vector<T>& v) {
    return v[pick(v.size())];
  }
  int next_uid() { return ++uid_; }
  std::string fresh(const std::vector<std::string>& words) {
    return words[pick(words.size())] + "_" + std::to_string(next_uid());
  }

  State start();
  Edit edit(State& s);

 private:
  std::mt19937 rng_;
  int uid_ = 0;

  Field new_field(const State& s, const Entity& e, bool on_existing_table);
  Field new_ref(const State& s, const Entity& e, bool on_existing_table);
  Entity new_entity(State& s, bool system);
  std::string default_for(const State& s, const Field& f);
  void remove_field(Entity& e, int uid);
  void drop_entity(State& s, int uid);

  // One kind of edit each; nullopt when it does not apply to the state as it stands.
  std::optional<Edit> add_entity(State& s);
  std::optional<Edit> drop_entity_edit(State& s);
  std::optional<Edit> add_field(State& s);
  std::optional<Edit> drop_field(State& s);
  std::optional<Edit> rename_entity(State& s);
  std::optional<Edit> rename_field(State& s);
  std::optional<Edit> change_type(State& s);
  std::optional<Edit> toggle_optional(State& s);
  std::optional<Edit> change_default(State& s);
  std::optional<Edit> change_check(State& s);
  std::optional<Edit> change_unique(State& s);
  std::optional<Edit> change_index(State& s);
  std::optional<Edit> change_ref(State& s);
  std::optional<Edit> add_enum(State& s);
  std::optional<Edit> add_enum_value(State& s);
  std::optional<Edit> drop_enum_value(State& s);
  std::optional<Edit> drop_enum(State& s);
  std::optional<Edit> change_description(State& s);
  std::optional<Edit> change_conventions(State& s);
  std::optional<Edit> move_entity(State& s);
  Edit one_edit(State& s, bool allow_prepare);
};

// A default valid for the field's type (YAML text), or "" when the type has none to offer
// (bytes; uuid gets default_sql instead). Numbers are whole, strings at most 8 characters,
// so that they fit every narrowing and satisfy every check the generator writes.
std::string Walk::default_for(const State& s, const Field& f) {
  if (f.kind == Kind::Enum) {
    if (f.array) return chance(50) ? "[]" : "[" + s.enum_type(f.type)->values.front() + "]";
    const auto& v = s.enum_type(f.type)->values;
    return v[pick(v.size())];
  }
  const std::string& t = f.type;
  const std::string k = std::to_string(pick(40));
  if (t.rfind("string(", 0) == 0 || t == "text") return yaml_quote("d" + k);
  if (is_int(t) || is_decimal(t)) return k;
  if (t == "real" || t == "double") return k + ".25";
  if (t == "bool") return chance(50) ? "true" : "false";
  if (t == "date") return yaml_quote("2024-02-" + std::to_string(10 + pick(18)));
  if (t == "timestamp") return yaml_quote("2024-02-03T04:05:" + std::to_string(10 + pick(50)) + "Z");
  if (t == "jsonb") return chance(50) ? "{}" : "{ k: " + k + " }";
  if (t == "text[]") return chance(50) ? "[]" : "[a, \"b c\"]";
  if (t == "int[]") return "[1, " + k + "]";
  return "";
}

Field Walk::new_field(const State& s, const Entity& e, bool on_existing_table) {
  Field f;
  f.uid = next_uid();
  std::string t = kScalarTypes[pick(kScalarTypes.size())];
  std::vector<const Enum*> enums;
  for (const auto& en : s.enums) enums.push_back(&en);
  if (!enums.empty() && chance(20)) {
    f.kind = Kind::Enum;
    f.type = enums[pick(enums.size())]->name;
    f.array = chance(25);
  } else if (t == "string") {
    f.type = "string(" + std::to_string(8 + pick(60)) + ")";
  } else if (t == "decimal") {
    int scale = static_cast<int>(pick(4));
    f.type = "decimal(" + std::to_string(scale + 5 + static_cast<int>(pick(6))) + "," + std::to_string(scale) + ")";
  } else {
    f.type = t;
  }
  f.name = kFieldWords[pick(kFieldWords.size())] + "_" + std::to_string(f.uid);
  // Columns added to a table that has rows are NULL there (optional) or all the same
  // (default), so only one added optional keeps row values distinct.
  f.optional = chance(on_existing_table ? 55 : 30);
  if (!f.optional) {
    if (f.kind == Kind::Scalar && f.type == "uuid") f.default_sql = "gen_random_uuid()";
    else if (f.kind == Kind::Scalar && f.type == "timestamp" && chance(40)) f.default_sql = "now()";
    else if (f.kind == Kind::Scalar && f.type == "date" && chance(30)) f.default_sql = "CURRENT_DATE";
    else if (f.kind == Kind::Scalar && f.type == "money" && chance(50)) {
      // money has an implicit default 0.00 when required
    } else if (on_existing_table || chance(50)) f.default_yaml = default_for(s, f);
    if (f.default_yaml.empty() && f.default_sql.empty() && on_existing_table && f.type != "money") f.optional = true;
  }
  f.distinct = !on_existing_table || f.optional;
  if (!on_existing_table || chance(30)) {
    if (f.kind == Kind::Scalar && is_numeric(f.type) && chance(30)) f.check = chance(50) ? 1 : 2;
    else if (f.kind == Kind::Scalar && is_string(f.type) && chance(25)) f.check = 3;
  }
  if (distinct_type(f) && chance(20) && (e.tenant ? true : f.distinct)) f.unique = e.tenant && f.distinct && chance(30) ? 2 : 1;
  if (chance(15)) {
    if (f.kind == Kind::Scalar && (f.type == "jsonb" || is_array(f.type))) f.index = "gin";
    else if (f.kind == Kind::Scalar && is_string(f.type) && chance(30)) f.index = "hash";
    else if (btree_type(f)) f.index = "true";
  }
  if (chance(20)) f.description = chance(50) ? "It's " + f.name + "." : "Line one;\nline two of " + f.name + ".";
  return f;
}

// An optional ref on an existing table (a required one would need a default), or any ref
// in a new table; required refs only point at tables made before, so rows always insert.
Field Walk::new_ref(const State& s, const Entity& e, bool on_existing_table) {
  std::vector<const Entity*> targets;
  for (const auto& t : s.entities)
    if ((e.tenant || !t.tenant) && (t.uid != e.uid || on_existing_table)) targets.push_back(&t);
  Field f;
  f.uid = next_uid();
  f.kind = Kind::Ref;
  if (targets.empty()) return f;  // ref == 0: no target
  const Entity* t = targets[pick(targets.size())];
  f.ref = t->uid;
  f.name = t->name.substr(0, t->name.find('_')) + "_" + std::to_string(f.uid) + "_id";
  f.optional = on_existing_table || chance(50);
  static const std::vector<std::string> kOptional = {"set_null", "cascade", "restrict", "no_action", ""};
  static const std::vector<std::string> kRequired = {"cascade", "restrict", "no_action", ""};
  f.on_delete = f.optional ? kOptional[pick(kOptional.size())] : kRequired[pick(kRequired.size())];
  if (chance(10)) f.index = "true";  // folded into the ref's own index
  return f;
}

Entity Walk::new_entity(State& s, bool system) {
  Entity e;
  e.uid = next_uid();
  e.name = fresh(kTableWords);
  e.tenant = !system;
  e.module = static_cast<int>(pick(s.modules.size()));
  if (chance(25)) e.audit = std::vector<std::string>{"full", "timestamps", "none"}[pick(3)];
  if (chance(25)) e.soft_delete = chance(50) ? 1 : 0;
  if (chance(30)) e.description = "About " + e.name + ".";
  for (int i = 0, n = 1 + static_cast<int>(pick(4)); i < n; ++i) e.fields.push_back(new_field(s, e, false));
  for (int i = 0, n = static_cast<int>(pick(3)); i < n; ++i) {
    Field r = new_ref(s, e, false);
    if (r.ref) e.fields.push_back(r);
  }
  std::vector<int> distinct;
  std::vector<int> numeric, strings;
  for (const auto& f : e.fields) {
    if (distinct_type(f) && f.unique == 0) distinct.push_back(f.uid);
    if (f.kind == Kind::Scalar && is_numeric(f.type)) numeric.push_back(f.uid);
    if (f.kind == Kind::Scalar && is_string(f.type)) strings.push_back(f.uid);
  }
  if (e.tenant && distinct.size() >= 2 && chance(40)) e.uniques.push_back({distinct[0], distinct[1]});
  if (chance(40)) {
    std::vector<int> cols;
    for (const auto& f : e.fields)
      if (btree_type(f)) cols.push_back(f.uid);
    if (!cols.empty()) {
      IndexSpec ix;
      ix.cols.push_back({cols[pick(cols.size())], chance(30)});
      ix.created_at = s.audit_of(e) != "none" && chance(40);
      ix.active = s.soft(e) && chance(50);
      if (chance(20)) ix.name = e.name + "_by_" + std::to_string(next_uid());
      e.indexes.push_back(ix);
    }
  }
  if (!numeric.empty() && chance(30)) e.checks.push_back({"ck_" + std::to_string(next_uid()), 0, numeric[0], 0});
  else if (!numeric.empty() && !strings.empty() && chance(30))
    e.checks.push_back({"ck_" + std::to_string(next_uid()), 1, strings[0], numeric[0]});
  return e;
}

State Walk::start() {
  State s;
  s.audit = std::vector<std::string>{"full", "full", "timestamps", "none"}[pick(4)];
  s.soft_delete = chance(60);
  s.modules = chance(40) ? std::vector<std::string>{"core", "app"} : std::vector<std::string>{"app"};
  for (int i = 0, n = 1 + static_cast<int>(pick(2)); i < n; ++i) {
    Enum en;
    en.name = "kind_" + std::to_string(next_uid());
    en.module = static_cast<int>(pick(s.modules.size()));
    std::size_t first = pick(kValueWords.size() - 3);
    en.values.assign(kValueWords.begin() + static_cast<std::ptrdiff_t>(first),
                     kValueWords.begin() + static_cast<std::ptrdiff_t>(first + 2 + pick(2)));
    if (chance(30)) en.description = "What " + en.name + " can be.";
    s.enums.push_back(en);
  }
  Entity tenants;
  tenants.uid = next_uid();
  tenants.name = "tenants";
  tenants.tenant = false;
  tenants.fixed = true;
  tenants.soft_delete = 0;
  if (chance(50)) tenants.audit = "timestamps";
  Field name;
  name.uid = next_uid();
  name.name = "name_" + std::to_string(name.uid);
  name.type = "string(100)";
  tenants.fields.push_back(name);
  s.entities.push_back(tenants);
  if (chance(65)) {
    Entity users = new_entity(s, false);
    users.name = "users";
    users.fixed = true;
    users.module = 0;
    s.entities.push_back(users);
  }
  if (chance(30)) s.entities.push_back(new_entity(s, true));
  for (int i = 0, n = 1 + static_cast<int>(pick(3)); i < n; ++i) s.entities.push_back(new_entity(s, false));
  return s;
}

void Walk::remove_field(Entity& e, int uid) {
  std::erase_if(e.fields, [&](const Field& f) { return f.uid == uid; });
  std::erase_if(e.uniques, [&](const auto& u) { return std::find(u.begin(), u.end(), uid) != u.end(); });
  std::erase_if(e.indexes, [&](const IndexSpec& ix) {
    return std::any_of(ix.cols.begin(), ix.cols.end(), [&](const auto& c) { return c.first == uid; });
  });
  std::erase_if(e.checks, [&](const CheckSpec& c) { return c.a == uid || c.b == uid; });
}

void Walk::drop_entity(State& s, int uid) {
  for (auto& x : s.entities) {
    if (x.uid == uid) continue;
    std::vector<int> refs;
    for (const auto& f : x.fields)
      if (f.kind == Kind::Ref && f.ref == uid) refs.push_back(f.uid);
    for (int r : refs) remove_field(x, r);
  }
  std::erase_if(s.entities, [&](const Entity& x) { return x.uid == uid; });
}

// The entities an edit may touch, optionally only those with a field matching `pred`.
std::vector<Entity*> entities_where(State& s, const std::function<bool(const Entity&)>& pred) {
  std::vector<Entity*> out;
  for (auto& e : s.entities)
    if (pred(e)) out.push_back(&e);
  return out;
}

int plain_fields(const Entity& e) {
  int n = 0;
  for (const auto& f : e.fields) n += f.kind != Kind::Ref;
  return n;
}

std::optional<Edit> Walk::add_entity(State& s) {
  bool system = chance(15);
  Entity e = new_entity(s, system);
  s.entities.push_back(e);
  return Edit{"add " + std::string(system ? "system " : "") + "entity " + e.name, false, false, ""};
}

// The Down of a dropped column fills the rows with the type's zero, then restores its
// constraints: a zero cannot satisfy a unique constraint across rows or a foreign key, so
// those columns are never dropped on a table with rows (their Down is only exact on an
// empty table, which is the differ's documented best effort for lost data).
bool down_refills(const Entity& e, const Field& f) {
  if (f.unique == 2 || (f.unique == 1 && !e.tenant)) return f.optional;  // one value (zero or default) in every row
  if (f.optional || !f.default_yaml.empty() || !f.default_sql.empty() || f.type == "money") return true;
  return f.kind != Kind::Ref;
}

std::optional<Edit> Walk::drop_entity_edit(State& s) {
  std::vector<Entity*> ok;
  for (auto& e : s.entities) {
    if (e.fixed) continue;
    bool required_ref = false;
    for (const auto& x : s.entities)
      for (const auto& f : x.fields)
        if (x.uid != e.uid && f.kind == Kind::Ref && f.ref == e.uid && !down_refills(x, f)) required_ref = true;
    if (!required_ref) ok.push_back(&e);
  }
  if (ok.empty()) return std::nullopt;
  Entity* e = ok[pick(ok.size())];
  std::string what = "drop entity " + e->name;
  drop_entity(s, e->uid);
  return Edit{what, true, false, ""};
}

std::optional<Edit> Walk::add_field(State& s) {
  Entity& e = one(s.entities);
  Field f = chance(20) ? new_ref(s, e, true) : new_field(s, e, true);
  if (f.kind == Kind::Ref && !f.ref) return std::nullopt;
  e.fields.push_back(f);
  return Edit{"add field " + e.name + "." + f.name + (f.optional ? " (optional)" : " (required, default)"), false,
              false, ""};
}

std::optional<Edit> Walk::drop_field(State& s) {
  Entity& e = one(s.entities);
  std::vector<const Field*> ok;
  for (const auto& f : e.fields)
    if (down_refills(e, f) && (f.kind == Kind::Ref || plain_fields(e) > 1)) ok.push_back(&f);
  if (ok.empty()) return std::nullopt;
  const Field* f = ok[pick(ok.size())];
  std::string what = "drop field " + e.name + "." + f->name;
  remove_field(e, f->uid);
  return Edit{what, true, false, ""};
}

std::optional<Edit> Walk::rename_entity(State& s) {
  auto es = entities_where(s, [](const Entity& e) { return !e.fixed; });
  if (es.empty()) return std::nullopt;
  Entity& e = *es[pick(es.size())];
  std::string old = e.name;
  e.name = fresh(kTableWords);
  if (!e.renamed_now) e.renamed_from = old;  // the history has the step's first name only
  e.renamed_now = true;
  return Edit{"rename entity " + old + " -> " + e.name, false, false, ""};
}

std::optional<Edit> Walk::rename_field(State& s) {
  Entity& e = one(s.entities);
  Field& f = one(e.fields);
  std::string old = f.name;
  f.name = f.kind == Kind::Ref ? old.substr(0, old.find('_')) + "_" + std::to_string(next_uid()) + "_id"
                               : kFieldWords[pick(kFieldWords.size())] + "_" + std::to_string(next_uid());
  if (!f.renamed_now) f.renamed_from = old;
  f.renamed_now = true;
  return Edit{"rename field " + e.name + "." + old + " -> " + f.name, false, false, ""};
}

std::optional<Edit> Walk::change_type(State& s) {
  Entity& e = one(s.entities);
  std::vector<Field*> ok;
  for (auto& f : e.fields)
    if ((f.kind == Kind::Scalar && (is_string(f.type) || is_int(f.type) || is_decimal(f.type))) ||
        (f.kind == Kind::Enum && !f.array && f.index.empty()))
      ok.push_back(&f);
  if (ok.empty()) return std::nullopt;
  Field& f = *ok[pick(ok.size())];
  const std::string old = f.type;
  bool destructive = false;
  if (f.kind == Kind::Enum) {
    f.kind = Kind::Scalar;  // an enum's values are fine text, its default too
    f.type = "text";
    f.distinct = false;  // rows share values
  } else if (f.type.rfind("string(", 0) == 0) {
    int n = string_length(f.type);
    if (chance(25)) {
      f.type = "text";
    } else if (n > 12 && chance(40)) {
      f.type = "string(" + std::to_string(std::max(8, n - 4 - static_cast<int>(pick(10)))) + ")";
      destructive = true;
    } else {
      f.type = "string(" + std::to_string(n + 5 + static_cast<int>(pick(40))) + ")";
    }
  } else if (f.type == "text") {
    if (!f.index.empty() && f.index != "true" && f.index != "hash") return std::nullopt;
    f.type = "string(" + std::to_string(20 + pick(60)) + ")";
    destructive = true;
  } else if (is_int(f.type)) {
    static const std::vector<std::string> kInts = {"smallint", "int", "bigint"};
    int at = static_cast<int>(std::find(kInts.begin(), kInts.end(), f.type) - kInts.begin());
    if (chance(20) && f.unique == 0) {
      f.type = f.type == "bigint" ? "decimal(21,2)" : "decimal(14,2)";  // every value fits: a widening
    } else {
      int to = at == 0 ? 1 : at == 2 ? 1 : (chance(50) ? 0 : 2);
      f.type = kInts[static_cast<std::size_t>(to)];
      destructive = to < at;
    }
  } else if (f.type == "money" || f.type == "rate" || f.type == "percentage") {
    if (f.type == "percentage") return std::nullopt;  // its range check would go too; keep it simple
    f.type = f.type == "money" ? "decimal(12,2)" : "decimal(12,4)";
    if (old == "money" && !f.optional && f.default_yaml.empty()) f.default_yaml = "0";  // keep money's implicit one
  } else {
    int p = std::atoi(f.type.c_str() + 8);
    int sc = std::atoi(f.type.c_str() + f.type.find(',') + 1);
    if (chance(35) && p - sc > 5) {
      f.type = "decimal(" + std::to_string(p - 1) + "," + std::to_string(sc) + ")";
      destructive = true;
    } else {
      f.type = "decimal(" + std::to_string(p + 2) + "," + std::to_string(sc) + ")";
    }
  }
  return Edit{"change type " + e.name + "." + f.name + " " + old + " -> " + f.type, destructive, false, ""};
}

std::optional<Edit> Walk::toggle_optional(State& s) {
  Entity& e = one(s.entities);
  std::vector<Field*> ok;
  for (auto& f : e.fields) {
    if (f.kind == Kind::Ref && (f.optional || f.on_delete == "set_null")) continue;  // backfilling a ref: not here
    if (f.optional && f.unique != 0 && !(f.unique == 1 && e.tenant)) continue;     // a backfill would repeat a value
    ok.push_back(&f);
  }
  if (ok.empty()) return std::nullopt;
  Field& f = *ok[pick(ok.size())];
  Edit ed;
  if (!f.optional) {
    f.optional = true;
    f.default_yaml.clear();  // a nullable column with a default is an error
    f.default_sql.clear();
    ed.what = "make optional " + e.name + "." + f.name;
  } else {
    // The rows from before hold NULLs; an operator backfills them before SET NOT NULL.
    ed.prepare = "UPDATE " + e.name + " SET " + f.name + " = " + value(s, f, 9999) + " WHERE " + f.name + " IS NULL;\n";
    f.optional = false;
    f.distinct = false;
    if (chance(50)) f.default_yaml = default_for(s, f);
    ed.what = "make required " + e.name + "." + f.name + (f.default_yaml.empty() ? "" : " with a default");
  }
  return ed;
}

std::optional<Edit> Walk::change_default(State& s) {
  Entity& e = one(s.entities);
  std::vector<Field*> ok;
  for (auto& f : e.fields)
    if (!f.optional && f.kind != Kind::Ref && !(f.kind == Kind::Scalar && (f.type == "bytes" || f.type == "uuid")))
      ok.push_back(&f);
  if (ok.empty()) return std::nullopt;
  Field& f = *ok[pick(ok.size())];
  if ((!f.default_yaml.empty() || !f.default_sql.empty()) && chance(40)) {
    f.default_yaml.clear();
    f.default_sql.clear();
    return Edit{"drop default " + e.name + "." + f.name, false, false, ""};
  }
  std::string d = default_for(s, f);
  if (d.empty() || d == f.default_yaml) return std::nullopt;
  f.default_yaml = d;
  f.default_sql.clear();
  return Edit{"set default " + e.name + "." + f.name + " " + d, false, false, ""};
}

std::optional<Edit> Walk::change_check(State& s) {
  Entity& e = one(s.entities);
  if (chance(35)) {  // an entity check
    if (!e.checks.empty() && chance(50)) {
      std::string n = e.checks.back().name;
      e.checks.pop_back();
      return Edit{"drop check " + e.name + "." + n, false, false, ""};
    }
    std::vector<int> numeric, strings;
    for (const auto& f : e.fields) {
      if (f.kind == Kind::Scalar && is_numeric(f.type)) numeric.push_back(f.uid);
      if (f.kind == Kind::Scalar && is_string(f.type)) strings.push_back(f.uid);
    }
    if (numeric.empty()) return std::nullopt;
    CheckSpec c{"ck_" + std::to_string(next_uid()), strings.empty() ? 0 : static_cast<int>(pick(2)),
                strings.empty() ? numeric[pick(numeric.size())] : strings[pick(strings.size())],
                numeric[pick(numeric.size())]};
    if (c.kind == 0) c.a = c.b;
    e.checks.push_back(c);
    return Edit{"add check " + e.name + "." + c.name, false, false, ""};
  }
  std::vector<Field*> ok;
  for (auto& f : e.fields)
    if (f.kind == Kind::Scalar && (is_numeric(f.type) || is_string(f.type))) ok.push_back(&f);
  if (ok.empty()) return std::nullopt;
  Field& f = *ok[pick(ok.size())];
  int before = f.check;
  if (f.check != 0 && chance(50)) f.check = 0;
  else f.check = is_string(f.type) ? (f.check ? 0 : 3) : (f.check == 1 ? 2 : 1);
  return Edit{"check of " + e.name + "." + f.name + " " + std::to_string(before) + " -> " + std::to_string(f.check),
              false, false, ""};
}

std::optional<Edit> Walk::change_unique(State& s) {
  Entity& e = one(s.entities);
  if (e.tenant && chance(35)) {  // unique sets: per tenant, so the rows always satisfy them
    if (!e.uniques.empty() && chance(50)) {
      e.uniques.pop_back();
      return Edit{"drop unique set on " + e.name, false, false, ""};
    }
    std::vector<int> cols;
    for (const auto& f : e.fields)
      if (btree_type(f) && !(f.kind == Kind::Scalar && (f.type == "real" || f.type == "double"))) cols.push_back(f.uid);
    if (cols.size() < 2) return std::nullopt;
    std::size_t i = pick(cols.size()), j = pick(cols.size() - 1);
    if (j >= i) ++j;
    std::vector<int> set = {cols[i], cols[j]};
    for (const auto& u : e.uniques)
      if (u == set) return std::nullopt;
    e.uniques.push_back(set);
    return Edit{"add unique set on " + e.name, false, false, ""};
  }
  std::vector<Field*> ok;
  for (auto& f : e.fields)
    if (distinct_type(f)) ok.push_back(&f);
  if (ok.empty()) return std::nullopt;
  Field& f = *ok[pick(ok.size())];
  int before = f.unique;
  if (f.unique) f.unique = 0;
  else if (!e.tenant) f.unique = f.distinct ? 1 : 0;
  else f.unique = f.distinct && chance(30) ? 2 : 1;
  if (f.unique == before) return std::nullopt;
  return Edit{"unique of " + e.name + "." + f.name + " " + std::to_string(before) + " -> " + std::to_string(f.unique),
              false, false, ""};
}

std::optional<Edit> Walk::change_index(State& s) {
  Entity& e = one(s.entities);
  if (chance(50)) {
    if (!e.indexes.empty() && chance(40)) {
      e.indexes.erase(e.indexes.begin() + static_cast<std::ptrdiff_t>(pick(e.indexes.size())));
      return Edit{"drop index on " + e.name, false, false, ""};
    }
    std::vector<int> cols;
    for (const auto& f : e.fields)
      if (btree_type(f)) cols.push_back(f.uid);
    if (cols.empty()) return std::nullopt;
    IndexSpec ix;
    ix.cols.push_back({cols[pick(cols.size())], chance(30)});
    if (cols.size() > 1 && chance(30)) {
      int other = cols[pick(cols.size())];
      if (other != ix.cols[0].first) ix.cols.push_back({other, false});
    }
    ix.created_at = s.audit_of(e) != "none" && chance(40);
    ix.active = s.soft(e) && chance(50);
    if (chance(20)) ix.name = e.name.substr(0, e.name.find('_')) + "_ix_" + std::to_string(next_uid());
    for (const auto& x : e.indexes)
      if (x.cols == ix.cols && x.created_at == ix.created_at && x.active == ix.active) return std::nullopt;
    e.indexes.push_back(ix);
    return Edit{"add index on " + e.name, false, false, ""};
  }
  Field& f = one(e.fields);
  std::string before = f.index;
  if (!f.index.empty()) f.index.clear();
  else if (f.kind == Kind::Scalar && (f.type == "jsonb" || is_array(f.type))) f.index = "gin";
  else if (f.kind == Kind::Enum && f.array) f.index = "gin";
  else if (f.kind == Kind::Scalar && f.type == "bytes") return std::nullopt;
  else f.index = f.kind == Kind::Scalar && is_string(f.type) && chance(30) ? "hash" : "true";
  return Edit{"index of " + e.name + "." + f.name + " '" + before + "' -> '" + f.index + "'", false, false, ""};
}

std::optional<Edit> Walk::change_ref(State& s) {
  Entity& e = one(s.entities);
  std::vector<Field*> refs;
  for (auto& f : e.fields)
    if (f.kind == Kind::Ref) refs.push_back(&f);
  if (refs.empty() || chance(40)) {
    Field f = new_ref(s, e, true);
    if (!f.ref) return std::nullopt;
    e.fields.push_back(f);
    return Edit{"add ref " + e.name + "." + f.name + " -> " + s.entity(f.ref)->name, false, false, ""};
  }
  Field& f = *refs[pick(refs.size())];
  if (chance(50) && down_refills(e, f)) {
    std::string n = f.name;
    remove_field(e, f.uid);
    return Edit{"drop ref " + e.name + "." + n, true, false, ""};
  }
  std::vector<std::string> kinds = {"cascade", "restrict", "no_action", ""};
  if (f.optional) kinds.push_back("set_null");
  std::string before = f.on_delete;
  f.on_delete = kinds[pick(kinds.size())];
  if (f.on_delete == before) return std::nullopt;
  return Edit{"on_delete of " + e.name + "." + f.name + " '" + before + "' -> '" + f.on_delete + "'", false, false, ""};
}

std::optional<Edit> Walk::add_enum(State& s) {
  Enum en;
  en.name = "kind_" + std::to_string(next_uid());
  en.module = static_cast<int>(pick(s.modules.size()));
  for (int i = 0, n = 2 + static_cast<int>(pick(3)); i < n; ++i) en.values.push_back("v" + std::to_string(next_uid()));
  if (chance(30)) en.description = "Kinds of " + en.name + ".";
  s.enums.push_back(en);
  std::string what = "add enum " + en.name;
  if (chance(70)) {  // used at once by a new field
    Entity& e = one(s.entities);
    Field f;
    f.uid = next_uid();
    f.name = "state_" + std::to_string(f.uid);
    f.kind = Kind::Enum;
    f.type = en.name;
    f.array = chance(25);
    f.optional = chance(50);
    if (!f.optional) f.default_yaml = default_for(s, f);
    f.distinct = f.optional;
    e.fields.push_back(f);
    what += " used by " + e.name + "." + f.name;
  }
  return Edit{what, false, false, ""};
}

std::optional<Edit> Walk::add_enum_value(State& s) {
  if (s.enums.empty()) return std::nullopt;
  Enum& en = one(s.enums);
  std::string v = "v" + std::to_string(next_uid());
  std::size_t at = pick(en.values.size() + 1);
  en.values.insert(en.values.begin() + static_cast<std::ptrdiff_t>(at), v);
  std::string what = "add value " + en.name + "." + v + " at " + std::to_string(at);
  if (chance(40))  // used at once: the value goes in a migration of its own before the one using it
    for (auto& e : s.entities)
      for (auto& f : e.fields)
        if (f.kind == Kind::Enum && f.type == en.name && !f.array && !f.optional) {
          f.default_yaml = v;
          return Edit{what + ", the default of " + e.name + "." + f.name, false, false, ""};
        }
  return Edit{what, false, false, ""};
}

std::optional<Edit> Walk::drop_enum_value(State& s) {
  if (s.enums.empty()) return std::nullopt;
  Enum& en = one(s.enums);
  if (en.values.size() < 3) return std::nullopt;
  std::string v = en.values[pick(en.values.size())];
  for (const auto& e : s.entities)
    for (const auto& f : e.fields)
      if (f.kind == Kind::Enum && f.type == en.name && f.default_yaml.find(v) != std::string::npos) return std::nullopt;
  std::string w = en.values.front() == v ? en.values[1] : en.values.front();
  // Rows holding the value move to another one first; the type swap's cast would fail on them.
  std::string prepare;
  for (const auto& e : s.entities)
    for (const auto& f : e.fields) {
      if (f.kind != Kind::Enum || f.type != en.name) continue;
      if (f.array)
        prepare += "UPDATE " + e.name + " SET " + f.name + " = array_replace(" + f.name + ", " + sql_quote(v) + ", " +
                   sql_quote(w) + ") WHERE " + sql_quote(v) + " = ANY (" + f.name + ");\n";
      else
        prepare += "UPDATE " + e.name + " SET " + f.name + " = " + sql_quote(w) + " WHERE " + f.name + " = " +
                   sql_quote(v) + ";\n";
    }
  std::erase(en.values, v);
  return Edit{"drop value " + en.name + "." + v, true, false, prepare};
}

std::optional<Edit> Walk::drop_enum(State& s) {
  for (std::size_t i = 0; i < s.enums.size(); ++i) {
    bool used = false;
    for (const auto& e : s.entities)
      for (const auto& f : e.fields) used = used || (f.kind == Kind::Enum && f.type == s.enums[i].name);
    if (used) continue;
    std::string n = s.enums[i].name;
    s.enums.erase(s.enums.begin() + static_cast<std::ptrdiff_t>(i));
    return Edit{"drop unused enum " + n, false, false, ""};
  }
  return std::nullopt;
}

std::optional<Edit> Walk::change_description(State& s) {
  auto text = [&](const std::string& of) {
    switch (pick(3)) {
      case 0: return std::string();
      case 1: return "It's " + of + ", v" + std::to_string(next_uid()) + ".";
      default: return "First line;\nsecond line of " + of + ".";
    }
  };
  switch (pick(3)) {
    case 0: {
      Entity& e = one(s.entities);
      std::string d = text(e.name);
      if (d == e.description) return std::nullopt;
      e.description = d;
      return Edit{"description of entity " + e.name, false, false, ""};
    }
    case 1: {
      Entity& e = one(s.entities);
      Field& f = one(e.fields);
      std::string d = text(f.name);
      if (d == f.description) return std::nullopt;
      f.description = d;
      return Edit{"description of field " + e.name + "." + f.name, false, false, ""};
    }
    default: {
      if (s.enums.empty()) return std::nullopt;
      Enum& en = one(s.enums);
      std::string d = text(en.name);
      if (d == en.description) return std::nullopt;
      en.description = d;
      return Edit{"description of enum " + en.name, false, false, ""};
    }
  }
}

// Entity audit and soft delete: columns come and go with them.
std::optional<Edit> Walk::change_conventions(State& s) {
  Entity& e = one(s.entities);
  if (chance(50)) {
    if (e.name == "tenants") return std::nullopt;  // the tenancy table keeps its setting
    bool before = s.soft(e);
    e.soft_delete = before ? 0 : 1;
    if (before)
      for (auto& ix : e.indexes) ix.active = false;  // `where: active` needs soft delete
    // Indexes that became the same are one index.
    std::vector<IndexSpec> kept;
    for (const auto& ix : e.indexes)
      if (std::none_of(kept.begin(), kept.end(), [&](const IndexSpec& k) {
            return k.cols == ix.cols && k.created_at == ix.created_at && k.active == ix.active;
          }))
        kept.push_back(ix);
    e.indexes = kept;
    return Edit{std::string(before ? "soft delete off " : "soft delete on ") + e.name, before, false, ""};
  }
  static const std::vector<std::string> kRank = {"none", "timestamps", "full"};
  std::string before = s.audit_of(e);
  std::string after = kRank[pick(3)];
  if (after == before) return std::nullopt;
  if (after == "none") {
    for (const auto& ix : e.indexes)
      if (ix.created_at) return std::nullopt;  // an index names created_at
  }
  e.audit = after;
  auto rank = [&](const std::string& a) { return std::find(kRank.begin(), kRank.end(), a) - kRank.begin(); };
  return Edit{"audit of " + e.name + " " + before + " -> " + after, rank(after) < rank(before), false, ""};
}

std::optional<Edit> Walk::move_entity(State& s) {
  if (s.modules.size() < 2) return std::nullopt;
  auto es = entities_where(s, [](const Entity& e) { return !e.fixed; });
  if (es.empty()) return std::nullopt;
  Entity& e = *es[pick(es.size())];
  e.module = 1 - e.module;
  return Edit{"move entity " + e.name + " to module " + s.modules[static_cast<std::size_t>(e.module)], false, true, ""};
}

Edit Walk::edit(State& s) {
  // Rename hints are usually removed once the rename is applied, but a stale one must do
  // nothing, so some stay.
  for (auto& e : s.entities) {
    if (chance(70)) e.renamed_from.clear();
    e.renamed_now = false;
    for (auto& f : e.fields) {
      if (chance(70)) f.renamed_from.clear();
      f.renamed_now = false;
    }
  }
  if (!chance(15)) return one_edit(s, true);
  // Several edits in one step, as one migration: renames with retypes, drops with adds.
  // Without fix-ups, which would have to name the state half way.
  Edit all;
  State next = s;
  for (int i = 0, n = 2 + static_cast<int>(pick(2)); i < n; ++i) {
    Edit e = one_edit(next, false);
    all.what += (i ? "; " : "") + e.what;
    all.destructive = all.destructive || e.destructive;
    all.no_change = (i == 0 || all.no_change) && e.no_change;
  }
  s = std::move(next);
  return all;
}

Edit Walk::one_edit(State& s, bool allow_prepare) {
  using Kinds = std::optional<Edit> (Walk::*)(State&);
  static const std::vector<std::pair<Kinds, int>> kKinds = {
      {&Walk::add_entity, 5},       {&Walk::drop_entity_edit, 3}, {&Walk::add_field, 10},
      {&Walk::drop_field, 5},       {&Walk::rename_entity, 4},    {&Walk::rename_field, 6},
      {&Walk::change_type, 7},      {&Walk::toggle_optional, 6},  {&Walk::change_default, 5},
      {&Walk::change_check, 5},     {&Walk::change_unique, 6},    {&Walk::change_index, 6},
      {&Walk::change_ref, 5},       {&Walk::add_enum, 3},         {&Walk::add_enum_value, 5},
      {&Walk::drop_enum_value, 3},  {&Walk::drop_enum, 1},        {&Walk::change_description, 4},
      {&Walk::change_conventions, 4}, {&Walk::move_entity, 2},
  };
  int total = 0;
  for (const auto& k : kKinds) total += k.second;
  for (;;) {
    int at = static_cast<int>(pick(static_cast<std::size_t>(total)));
    std::size_t i = 0;
    while (at >= kKinds[i].second) at -= kKinds[i++].second;
    State next = s;
    auto e = (this->*kKinds[i].first)(next);
    if (e && (allow_prepare || e->prepare.empty())) {
      s = std::move(next);
      return *e;
    }
  }
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

void write_state(const fs::path& dir, const State& s, int step) {
  for (std::size_t m = 0; m < s.modules.size(); ++m)
    write(dir / "schemas" / (s.modules[m] + ".yaml"), render_module(s, static_cast<int>(m)));
  write(dir / "seed.sql", seed_sql(s, step));
}

void write_sequence(const fs::path& out, std::uint64_t seed, int k, int edits) {
  char name[16];
  std::snprintf(name, sizeof name, "seq-%03d", k);
  const fs::path dir = out / name;
  fs::remove_all(dir);
  Walk w(seed, k);
  State s = w.start();
  write(dir / "tenantc.yaml", render_project(s));
  std::string about = "seed " + std::to_string(seed) + " sequence " + std::to_string(k) + ": audit " + s.audit +
                      ", soft_delete " + (s.soft_delete ? "true" : "false") + ", " +
                      std::to_string(s.modules.size()) + " module file(s)\n";
  write_state(dir / "step-00", s, 0);
  write(dir / "step-00" / "edit.txt", "start\n");
  for (int i = 1; i <= edits; ++i) {
    State before = s;
    Edit e = w.edit(s);
    if (e.destructive != loses_data(before, s) && e.what.find("; ") == std::string::npos)
      throw std::runtime_error("edit '" + e.what + "' is marked destructive " + (e.destructive ? "yes" : "no") +
                               ", which the states say it is not");
    e.destructive = loses_data(before, s);
    char step[16];
    std::snprintf(step, sizeof step, "step-%02d", i);
    const fs::path sd = dir / step;
    write_state(sd, s, i);
    write(sd / "edit.txt", e.what + "\n");
    if (e.destructive) write(sd / "destructive", "");
    if (e.no_change) write(sd / "no_change", "");
    if (!e.prepare.empty()) write(sd / "prepare.sql", e.prepare);
    auto [kb, ka] = keep_queries(before, s);
    write(sd / "keep_before.sql", kb);
    write(sd / "keep_after.sql", ka);
    about += std::string(step) + ": " + e.what + (e.destructive ? " [destructive]" : "") + "\n";
  }
  write(dir / "about.txt", about);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() < 4 || args.size() > 5) {
    std::cerr << "usage: tenantc_evolution_sequences OUT_DIR SEED SEQUENCES EDITS [ONLY]\n";
    return 2;
  }
  try {
    const fs::path out = args[0];
    const std::uint64_t seed = std::stoull(args[1]);
    const int sequences = std::stoi(args[2]), edits = std::stoi(args[3]);
    const int only = args.size() > 4 ? std::stoi(args[4]) : 0;
    for (int k = 1; k <= sequences; ++k)
      if (only == 0 || only == k) write_sequence(out, seed, k, edits);
  } catch (const std::exception& e) {
    std::cerr << "tenantc_evolution_sequences: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
