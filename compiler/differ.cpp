// Schema evolution. The two catalogs are first aligned: tables and columns match by name,
// or through a `renamed_from` hint of `to` when `to`'s name is new. `from` is then rewritten
// under `to`'s names (the "renamed view"), so that every later comparison is plain equality
// and a constraint or index whose definition survives a rename is renamed, not rebuilt.
//
// Enum types and values renamed by a hint come before all else (in the first migration):
// they are replayed into `from`, and the rest is the diff of that state and `to`.
//
// The main migration runs in this order; its Down is the reverse, each change undone:
//   1. drop foreign keys, other constraints, indexes (under `from`'s names)
//   2. drop columns, drop tables (last created first)
//   3. rename tables, columns, constraints and indexes
//   4. create enum types, add enum values, swap enum types whose values were removed
//   5. create tables
//   6. generated columns made plain, column types, defaults, nullability; then new columns
//      (plain ones first; generated ones, also those dropped in 2 to be made again, last)
//   7. add constraints, foreign keys last
//   8. indexes of new tables
//   9. comments
//  10. drop enum types
// Enum values that the rest uses move into an earlier migration of their own, and indexes on
// tables that already existed are built CONCURRENTLY in a later, non-transactional one.
#include "differ.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "ddl.hpp"
#include "naming.hpp"
#include "replay.hpp"
#include "sql_parser.hpp"

namespace tenantc {

namespace {

using catalog::Column;
using catalog::Constraint;
using catalog::ConstraintKind;
using catalog::Enum;
using catalog::Index;
using catalog::Schema;
using catalog::Table;
using Statements = std::vector<std::string>;

// ---------------------------------------------------------------------------------------
// Text helpers

std::string lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\n");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\n");
  return s.substr(b, e - b + 1);
}

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// A type's canonical spelling: `int4`, `int` and `integer` are all `integer`,
// `character varying(50)` is `varchar(50)`, spaces inside parentheses go.
std::string canonical_type(const std::string& type) {
  std::string t = lower(trim(type));
  int dims = 0;
  while (t.size() >= 2 && t.compare(t.size() - 2, 2, "[]") == 0) {
    t = trim(t.substr(0, t.size() - 2));
    ++dims;
  }
  std::string base = t, params;
  if (auto p = t.find('('); p != std::string::npos) {
    base = trim(t.substr(0, p));
    for (char c : t.substr(p))
      if (c != ' ') params += c;
  }
  std::string collapsed;
  for (char c : base) {
    if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
    collapsed += c;
  }
  static const std::map<std::string, std::string> kSynonyms = {
      {"int", "integer"},          {"int4", "integer"},
      {"int2", "smallint"},        {"int8", "bigint"},
      {"character varying", "varchar"},
      {"timestamp with time zone", "timestamptz"},
      {"timestamp without time zone", "timestamp"},
      {"float8", "double precision"}, {"float4", "real"},
      {"bool", "boolean"},         {"decimal", "numeric"}};
  if (auto it = kSynonyms.find(collapsed); it != kSynonyms.end()) collapsed = it->second;
  std::string out = collapsed + params;
  for (int i = 0; i < dims; ++i) out += "[]";
  return out;
}

struct TypeInfo {
  std::string base;
  std::vector<int> args;
  int dims = 0;
};

TypeInfo type_info(const std::string& type) {
  TypeInfo info;
  std::string t = canonical_type(type);
  while (t.size() >= 2 && t.compare(t.size() - 2, 2, "[]") == 0) {
    t.resize(t.size() - 2);
    ++info.dims;
  }
  auto p = t.find('(');
  info.base = t.substr(0, p);
  if (p != std::string::npos) {
    std::string num;
    for (char c : t.substr(p + 1)) {
      if (c >= '0' && c <= '9') {
        num += c;
      } else if (!num.empty()) {
        info.args.push_back(std::stoi(num));
        num.clear();
      }
    }
  }
  return info;
}

bool same_type(const std::string& a, const std::string& b) { return canonical_type(a) == canonical_type(b); }

bool same_expr(const std::string& a, const std::string& b) {
  if (a == b) return true;
  if (a.empty() || b.empty()) return false;
  auto ca = sql::canonical_expression(a), cb = sql::canonical_expression(b);
  return ca && cb && *ca == *cb;
}

void walk_json(const nlohmann::json& node, const std::function<void(const std::string&, const nlohmann::json&)>& visit) {
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      visit(it.key(), it.value());
      walk_json(it.value(), visit);
    }
  } else if (node.is_array()) {
    for (const auto& child : node) walk_json(child, visit);
  }
}

// `expr` with its unqualified column references renamed, everything else as written. The
// parser gives each reference's byte offset, so names inside strings or calls stay.
std::string rename_columns(const std::string& expr, const std::map<std::string, std::string>& renames) {
  if (expr.empty() || renames.empty()) return expr;
  static const std::string kPrefix = "SELECT (";
  static const std::string kSuffix = "\n)";
  std::string text = kPrefix + expr + kSuffix;
  auto tree = sql::parse_tree(text, nullptr);
  if (!tree) return expr;
  std::vector<std::pair<std::size_t, std::string>> hits;
  walk_json(*tree, [&](const std::string& key, const nlohmann::json& v) {
    if (key != "ColumnRef" || !v.contains("fields") || v["fields"].size() != 1 || !v.contains("location")) return;
    const auto& f = v["fields"][0];
    if (!f.contains("String")) return;
    const auto& s = f["String"];
    std::string name = s.contains("sval") ? s["sval"].get<std::string>() : s.value("str", "");
    if (renames.count(name)) hits.emplace_back(v["location"].get<std::size_t>(), name);
  });
  std::sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [at, name] : hits)
    if (text.compare(at, name.size(), name) == 0) text.replace(at, name.size(), renames.at(name));
  return text.substr(kPrefix.size(), text.size() - kPrefix.size() - kSuffix.size());
}

std::vector<std::string> expression_columns(const std::string& expr) {
  if (expr.empty()) return {};
  return sql::analyze_expression(expr).column_refs;
}

bool intersects(const std::vector<std::string>& a, const std::set<std::string>& b) {
  return std::any_of(a.begin(), a.end(), [&](const auto& x) { return b.count(x) > 0; });
}

// Whether `word` occurs, as a whole word, inside a single-quoted literal of `statement`:
// an enum value the statement uses (`DEFAULT 'done'`, `'{a,done}'::e[]`, `IN ('done')`).
bool quotes_word(const std::string& statement, const std::string& word) {
  bool in = false;
  for (std::size_t i = 0; i < statement.size(); ++i) {
    char c = statement[i];
    if (c == '\'') {
      if (in && i + 1 < statement.size() && statement[i + 1] == '\'') {
        ++i;
        continue;
      }
      in = !in;
      continue;
    }
    if (!in || statement.compare(i, word.size(), word) != 0) continue;
    bool left = i == 0 || !word_char(statement[i - 1]);
    bool right = i + word.size() >= statement.size() || !word_char(statement[i + word.size()]);
    if (left && right) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Statements of the diff. ddl:: holds those of a fresh schema; these are the ALTERs.

std::string literal_or_null(const std::string& comment) { return comment.empty() ? "NULL" : sql::quote_literal(comment); }

std::string comment_on_table(const std::string& table, const std::string& comment) {
  return "COMMENT ON TABLE " + table + " IS " + literal_or_null(comment);
}
std::string comment_on_column(const std::string& table, const std::string& column, const std::string& comment) {
  return "COMMENT ON COLUMN " + table + "." + column + " IS " + literal_or_null(comment);
}
std::string comment_on_type(const std::string& type, const std::string& comment) {
  return "COMMENT ON TYPE " + type + " IS " + literal_or_null(comment);
}
std::string alter_column(const std::string& table, const std::string& column, const std::string& action) {
  return "ALTER TABLE " + table + " ALTER COLUMN " + column + " " + action;
}
std::string add_column(const std::string& table, const Column& c) {
  return "ALTER TABLE " + table + " ADD COLUMN " + ddl::column_definition(c);
}
std::string drop_column(const std::string& table, const std::string& column) {
  return "ALTER TABLE " + table + " DROP COLUMN " + column;
}
std::string drop_constraint(const std::string& table, const std::string& name) {
  return "ALTER TABLE " + table + " DROP CONSTRAINT " + name;
}
std::string create_index_concurrently(const Index& ix) {
  std::string s = ddl::create_index(ix);
  auto at = s.find("INDEX ");
  return s.insert(at + 6, "CONCURRENTLY ");
}

// ---------------------------------------------------------------------------------------
// Types: which changes widen (never lose data) and how a change is written.

int int_rank(const std::string& base) {
  if (base == "smallint") return 0;
  if (base == "integer") return 1;
  if (base == "bigint") return 2;
  return -1;
}

int int_digits(const std::string& base) {
  static const std::map<std::string, int> kDigits = {{"smallint", 5}, {"integer", 10}, {"bigint", 19}};
  auto it = kDigits.find(base);
  return it == kDigits.end() ? 0 : it->second;
}

bool is_string_base(const std::string& b) { return b == "varchar" || b == "text"; }

// Same representation family: PostgreSQL converts values and defaults without a USING.
bool same_family(const TypeInfo& a, const TypeInfo& b) {
  if (a.dims != b.dims) return false;
  if (a.base == b.base) return true;
  if (int_rank(a.base) >= 0 && int_rank(b.base) >= 0) return true;
  if (is_string_base(a.base) && is_string_base(b.base)) return true;
  auto fl = [](const std::string& x) { return x == "real" || x == "double precision"; };
  return fl(a.base) && fl(b.base);
}

// Whether a column changing from type a to type b must have its default, and the checks
// and index predicates that read it, set again. PostgreSQL keeps their parsed form through
// ALTER TYPE, casts and all (`'x'::character varying` on what is now a text column,
// `(qty)::numeric >= (0)::numeric` on what is an integer column again), where a fresh table
// shows the new type's. The integer types need no casts among themselves.
bool recasts(const std::string& a, const std::string& b) {
  TypeInfo x = type_info(a), y = type_info(b);
  return x.base != y.base && !(int_rank(x.base) >= 0 && int_rank(y.base) >= 0);
}

bool widens(const TypeInfo& a, const TypeInfo& b, bool a_enum) {
  if (a.dims != b.dims) return false;
  if (int_rank(a.base) >= 0 && int_rank(b.base) >= 0) return int_rank(b.base) >= int_rank(a.base);
  if (a.base == "numeric" && b.base == "numeric") {
    if (b.args.empty()) return true;
    if (a.args.empty()) return false;
    int p1 = a.args[0], s1 = a.args.size() > 1 ? a.args[1] : 0;
    int p2 = b.args[0], s2 = b.args.size() > 1 ? b.args[1] : 0;
    return s2 >= s1 && p2 - s2 >= p1 - s1;
  }
  if (int_rank(a.base) >= 0 && b.base == "numeric") {
    if (b.args.empty()) return true;
    int p = b.args[0], s = b.args.size() > 1 ? b.args[1] : 0;
    return p - s >= int_digits(a.base);
  }
  if (a.base == "real" && b.base == "double precision") return true;
  if (a.base == "varchar" && b.base == "varchar") return b.args.empty() || (!a.args.empty() && b.args[0] >= a.args[0]);
  if (a.base == "varchar" && b.base == "text") return true;
  if (a_enum && b.base == "text") return true;
  return false;
}

// A zero of the type, for re-adding a NOT NULL column without a default to a table that
// may hold rows (the Down of a dropped column). Empty when there is none to offer.
std::string zero_value(const std::string& type, const std::vector<Enum>& enums) {
  TypeInfo t = type_info(type);
  if (t.dims > 0) return "'{}'";
  if (int_rank(t.base) >= 0 || t.base == "numeric" || t.base == "real" || t.base == "double precision") return "0";
  if (is_string_base(t.base) || t.base == "char" || t.base == "bytea") return "''";
  if (t.base == "boolean") return "false";
  if (t.base == "uuid") return "'00000000-0000-0000-0000-000000000000'";
  if (t.base == "date" || t.base == "timestamptz" || t.base == "timestamp") return "'epoch'";
  if (t.base == "jsonb" || t.base == "json") return "'{}'";
  for (const auto& e : enums)
    if (e.name == t.base && !e.values.empty()) return sql::quote_literal(e.values.front());
  return {};
}

// The statements that put a dropped column back: with its values lost, a NOT NULL column
// without a default is filled with the type's zero, then the temporary default goes.
Statements restore_column(const std::string& table, const Column& c, const std::vector<Enum>& enums) {
  Statements out;
  std::string zero = c.not_null && c.default_expr.empty() && c.generated.empty() ? zero_value(c.type, enums) : "";
  if (!zero.empty()) {
    Column filled = c;
    filled.default_expr = zero;
    out.push_back(add_column(table, filled));
    out.push_back(alter_column(table, c.name, "DROP DEFAULT"));
  } else {
    out.push_back(add_column(table, c));
  }
  if (!c.comment.empty()) out.push_back(comment_on_column(table, c.name, c.comment));
  return out;
}

// ---------------------------------------------------------------------------------------
// Definitions compared without their names.

bool same_constraint_def(const Constraint& a, const Constraint& b) {
  return a.kind == b.kind && a.columns == b.columns && a.nulls_not_distinct == b.nulls_not_distinct &&
         a.ref_table == b.ref_table && a.ref_columns == b.ref_columns && a.on_delete == b.on_delete &&
         a.set_null_columns == b.set_null_columns && same_expr(a.expression, b.expression);
}

bool same_index_def(const Index& a, const Index& b) {
  return a.table == b.table && a.method == b.method && a.unique == b.unique &&
         a.nulls_not_distinct == b.nulls_not_distinct && a.keys == b.keys && same_expr(a.where, b.where);
}

// The kinds PostgreSQL can add NOT VALID and validate later.
bool can_skip_validation(const Constraint& c) {
  return c.kind == ConstraintKind::Check || c.kind == ConstraintKind::ForeignKey;
}

bool owns_index(const Constraint& c) {
  return c.kind == ConstraintKind::PrimaryKey || c.kind == ConstraintKind::Unique;
}

// ---------------------------------------------------------------------------------------
// Enum type swap: PostgreSQL cannot remove or reorder enum values, so a new type takes the
// place of the old one. Whatever holds a value of the old type in its text is dropped first
// and put back after: column defaults, checks and index predicates on the columns.

struct SwapColumn {
  std::string table, column;
  bool array = false;
  std::string default_before, default_after;  // around the swap (a default may name a removed value)
};

struct SwapState {
  std::vector<SwapColumn> columns;
  std::vector<std::pair<std::string, Constraint>> checks;  // (table, check)
  std::vector<Index> indexes;
};

// The same state seen from the other side of the swap (for the Down).
SwapState reversed(SwapState st) {
  for (auto& c : st.columns) std::swap(c.default_before, c.default_after);
  return st;
}

Statements swap_enum(const std::string& name, const std::vector<std::string>& values, const std::string& comment,
                     const SwapState& st, const std::string& temp) {
  Statements out;
  for (const auto& ix : st.indexes) out.push_back(ddl::drop_index(ix));
  for (const auto& [table, c] : st.checks) out.push_back(drop_constraint(table, c.name));
  for (const auto& c : st.columns)
    if (!c.default_before.empty()) out.push_back(alter_column(c.table, c.column, "DROP DEFAULT"));
  Enum replacement;
  replacement.name = temp;
  replacement.values = values;
  out.push_back(ddl::create_enum(replacement));
  std::vector<std::string> tables;
  for (const auto& c : st.columns)
    if (std::find(tables.begin(), tables.end(), c.table) == tables.end()) tables.push_back(c.table);
  for (const auto& t : tables) {
    std::vector<std::string> actions;
    for (const auto& c : st.columns) {
      if (c.table != t) continue;
      std::string to = temp + (c.array ? "[]" : "");
      actions.push_back("ALTER COLUMN " + c.column + " TYPE " + to + " USING " + c.column + "::text" +
                        (c.array ? "[]" : "") + "::" + to);
    }
    out.push_back("ALTER TABLE " + t + " " + ddl::join(actions, ", "));
  }
  out.push_back("DROP TYPE " + name);
  out.push_back("ALTER TYPE " + temp + " RENAME TO " + name);
  if (!comment.empty()) out.push_back(comment_on_type(name, comment));
  for (const auto& c : st.columns)
    if (!c.default_after.empty()) out.push_back(alter_column(c.table, c.column, "SET DEFAULT " + c.default_after));
  for (const auto& [table, c] : st.checks) out.push_back(ddl::add_constraint(table, c));
  for (const auto& ix : st.indexes) out.push_back(ddl::create_index(ix));
  return out;
}

// ---------------------------------------------------------------------------------------
// Output

struct Step {
  DiffKind kind;
  Change change;
};
using Steps = std::vector<Step>;

Change::Kind base_kind(DiffKind k) {
  switch (k) {
    case DiffKind::CreateEnum:
    case DiffKind::DropEnum:
    case DiffKind::RenameEnum:
    case DiffKind::RenameEnumValue:
    case DiffKind::AddEnumValues:
    case DiffKind::ReplaceEnumValues:
    case DiffKind::CommentEnum:
      return Change::Kind::CreateEnum;
    case DiffKind::AddConstraint:
    case DiffKind::DropConstraint:
    case DiffKind::RenameConstraint:
    case DiffKind::ValidateConstraint:
      return Change::Kind::AddForeignKey;
    case DiffKind::CreateIndex:
    case DiffKind::DropIndex:
    case DiffKind::RenameIndex:
      return Change::Kind::CreateIndex;
    default:
      return Change::Kind::CreateTable;
  }
}

void push(Steps& steps, DiffKind kind, std::string subject, Statements up, Statements down) {
  steps.push_back({kind, Change{base_kind(kind), std::move(subject), std::move(up), std::move(down)}});
}

// Renames in an order where no target name is still held by another pending rename; a
// cycle (a -> b, b -> a) goes through a temporary name.
struct RenameOp {
  DiffKind kind;
  std::string current, target;
  std::vector<std::string> namespaces;  // a name is held in each: "rel:", "con:orders:" ...
  std::function<std::string(const std::string&, const std::string&)> statement;
  std::function<std::string(const std::string&)> subject;
};

void schedule_renames(std::vector<RenameOp> pending, Steps& out) {
  auto keys = [](const RenameOp& op, const std::string& name) {
    std::vector<std::string> k;
    for (const auto& ns : op.namespaces) k.push_back(ns + name);
    return k;
  };
  while (!pending.empty()) {
    std::set<std::string> held;
    for (const auto& op : pending)
      for (const auto& k : keys(op, op.current)) held.insert(k);
    auto ready = std::find_if(pending.begin(), pending.end(), [&](const RenameOp& op) {
      auto k = keys(op, op.target);
      return std::none_of(k.begin(), k.end(), [&](const auto& x) { return held.count(x) > 0; });
    });
    if (ready != pending.end()) {
      push(out, ready->kind, ready->subject(ready->target), {ready->statement(ready->current, ready->target)},
           {ready->statement(ready->target, ready->current)});
      pending.erase(ready);
      continue;
    }
    auto& op = pending.front();
    std::string temp;
    for (int i = 0;; ++i) {
      temp = naming::fit_identifier(op.current + "_tmp" + (i ? std::to_string(i) : ""));
      auto k = keys(op, temp);
      if (std::none_of(k.begin(), k.end(), [&](const auto& x) { return held.count(x) > 0; })) break;
    }
    push(out, op.kind, op.subject(temp), {op.statement(op.current, temp)}, {op.statement(temp, op.current)});
    op.current = temp;
  }
}

struct KindWords {
  const char* verb;
  const char* one;
  const char* many;
};

KindWords words(DiffKind k) {
  switch (k) {
    case DiffKind::CreateEnum: return {"create", "enum type", "enum types"};
    case DiffKind::DropEnum: return {"drop", "enum type", "enum types"};
    case DiffKind::RenameEnum: return {"rename", "enum type", "enum types"};
    case DiffKind::RenameEnumValue: return {"rename", "enum value", "enum values"};
    case DiffKind::AddEnumValues: return {"add values to", "enum type", "enum types"};
    case DiffKind::ReplaceEnumValues: return {"replace the values of", "enum type", "enum types"};
    case DiffKind::CommentEnum: return {"comment", "enum type", "enum types"};
    case DiffKind::CreateTable: return {"create", "table", "tables"};
    case DiffKind::DropTable: return {"drop", "table", "tables"};
    case DiffKind::RenameTable: return {"rename", "table", "tables"};
    case DiffKind::CommentTable: return {"comment", "table", "tables"};
    case DiffKind::AddColumn: return {"add", "column", "columns"};
    case DiffKind::DropColumn: return {"drop", "column", "columns"};
    case DiffKind::RenameColumn: return {"rename", "column", "columns"};
    case DiffKind::AlterColumnType: return {"change the type of", "column", "columns"};
    case DiffKind::SetNotNull: return {"require", "column", "columns"};
    case DiffKind::DropNotNull: return {"make optional", "column", "columns"};
    case DiffKind::SetDefault: return {"set the default of", "column", "columns"};
    case DiffKind::DropDefault: return {"drop the default of", "column", "columns"};
    case DiffKind::DropExpression: return {"stop generating", "column", "columns"};
    case DiffKind::CommentColumn: return {"comment", "column", "columns"};
    case DiffKind::AddConstraint: return {"add", "constraint", "constraints"};
    case DiffKind::DropConstraint: return {"drop", "constraint", "constraints"};
    case DiffKind::RenameConstraint: return {"rename", "constraint", "constraints"};
    case DiffKind::ValidateConstraint: return {"validate", "constraint", "constraints"};
    case DiffKind::CreateIndex: return {"create", "index", "indexes"};
    case DiffKind::DropIndex: return {"drop", "index", "indexes"};
    case DiffKind::RenameIndex: return {"rename", "index", "indexes"};
  }
  return {"change", "object", "objects"};
}

// ---------------------------------------------------------------------------------------
// Enum renames, from the hints of `to`'s enums. Each is replayed into `from` through
// compiler/replay.cpp, which does what PostgreSQL does (the new type name and label show in
// column types, defaults, checks and index predicates), so that the rest of the diff starts
// from the state after them and writes nothing more for them.

struct EnumRenames {
  Schema from;  // `from` after the renames
  Steps steps;
};

const Enum* find_enum(const Schema& s, const std::string& name) {
  for (const auto& e : s.enums)
    if (e.name == name) return &e;
  return nullptr;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Applies a rename to `state` as PostgreSQL would. False, `state` unchanged, when PostgreSQL
// would refuse it (the checks before make that an internal slip, not a user error).
bool replay_rename(Schema& state, const std::string& statement) {
  Diagnostics diags;
  replay(state, {{statement, SourceLoc{}}}, diags);
  return !diags.has_errors();
}

// A type rename applies when the old name is an enum of `from` that `to` no longer has, and
// the new name is free in `from` (tables and types share PostgreSQL's namespace).
void rename_enum_type(const Schema& to, const Enum& te, EnumRenames& out) {
  const std::string& old = te.renamed_from;
  if (old.empty() || !find_enum(out.from, old) || find_enum(to, old) || find_enum(out.from, te.name) ||
      out.from.table(te.name))
    return;
  auto statement = [](const std::string& a, const std::string& b) { return "ALTER TYPE " + a + " RENAME TO " + b; };
  if (replay_rename(out.from, statement(old, te.name)))
    push(out.steps, DiffKind::RenameEnum, te.name, {statement(old, te.name)}, {statement(te.name, old)});
}

// A value rename applies when `from`'s enum (after its type rename) has the old label and not
// the new one, and `to`'s does not keep the old label.
void rename_enum_values(const Enum& te, EnumRenames& out) {
  auto statement = [&](const std::string& a, const std::string& b) {
    return "ALTER TYPE " + te.name + " RENAME VALUE " + sql::quote_literal(a) + " TO " + sql::quote_literal(b);
  };
  for (const auto& v : te.values) {
    auto hint = te.value_renamed_from.find(v);
    if (hint == te.value_renamed_from.end()) continue;
    const std::string& old = hint->second;
    const Enum* fe = find_enum(out.from, te.name);
    if (!fe || !contains(fe->values, old) || contains(fe->values, v) || contains(te.values, old)) continue;
    if (replay_rename(out.from, statement(old, v)))
      push(out.steps, DiffKind::RenameEnumValue, te.name + "." + v, {statement(old, v)}, {statement(v, old)});
  }
}

EnumRenames enum_renames(const Schema& from, const Schema& to) {
  EnumRenames out{from, {}};
  for (const auto& te : to.enums) {
    rename_enum_type(to, te, out);
    rename_enum_values(te, out);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The differ

class Differ {
 public:
  // `from` is the state after `enum_renames`, which run before everything else.
  Differ(const Schema& from, const Schema& to, Steps enum_renames)
      : from_(from), to_(to), enum_renames_(std::move(enum_renames)) {}
  Diff run();

 private:
  const Schema& from_;
  const Schema& to_;
  Steps enum_renames_;
  Diff out_;

  // Alignment.
  std::map<std::string, std::string> table_to_;    // from name -> to name
  std::map<std::string, std::string> table_from_;  // to name -> from name
  std::map<std::string, std::map<std::string, std::string>> column_to_;  // from table -> from col -> to col
  Schema renamed_;  // `from` under `to`'s names; same order as `from`, index for index

  // Per existing (matched) table, under `to`'s names.
  std::map<std::string, std::set<std::string>> readded_;      // generated expression changed: drop + add
  std::map<std::string, std::set<std::string>> unexpressed_;  // generated -> plain: DROP EXPRESSION
  std::map<std::string, std::set<std::string>> enum_retyped_;  // type change to or from an enum
  std::set<std::pair<std::size_t, std::size_t>> disturbed_constraints_;  // (table, constraint) of renamed_
  std::set<std::size_t> disturbed_indexes_;

  // Matching of constraints and indexes on existing tables.
  struct ConstraintRef {
    std::size_t table, index;  // into renamed_.tables / its constraints
  };
  std::vector<std::pair<ConstraintRef, const Constraint*>> kept_constraints_;  // exact or renamed, with `to`'s
  std::vector<std::pair<ConstraintRef, const Constraint*>> renamed_constraints_;
  std::vector<ConstraintRef> dropped_constraints_;
  std::vector<std::pair<std::string, const Constraint*>> added_constraints_;  // (to table, constraint)
  std::vector<std::pair<std::size_t, const Index*>> kept_indexes_;
  std::vector<std::pair<std::size_t, const Index*>> renamed_indexes_;
  std::vector<std::size_t> dropped_indexes_;
  std::vector<const Index*> added_indexes_;

  std::set<std::string> enum_names_;
  std::set<std::pair<std::string, std::string>> retyped_to_enum_;  // (enum, "table.column")
  // The default a column of a swapped enum type has right after the swap, when it is not the
  // one it had: `to`'s when the column keeps the type, none when its type changes later.
  std::map<std::pair<std::string, std::string>, std::string> swap_defaults_;
  void plan_swap_defaults();
  bool swapped(const Enum& te) const;
  // Keys (`to`'s table name, sorted columns) of existing tables that are dropped and made
  // again: a foreign key referencing one goes and comes back with it.
  std::set<std::pair<std::string, std::vector<std::string>>> rekeyed_;
  static std::pair<std::string, std::vector<std::string>> key(const std::string& table, std::vector<std::string> cols) {
    std::sort(cols.begin(), cols.end());
    return {table, cols};
  }

  static bool holds(const std::map<std::string, std::set<std::string>>& m, const std::string& table,
                    const std::string& column) {
    auto it = m.find(table);
    return it != m.end() && it->second.count(column) > 0;
  }
  // A dropped table's foreign key that its Down cannot write inside CREATE TABLE: the
  // referenced table comes back later, or its key only comes back later.
  bool deferred_in_down(std::size_t table, const Constraint& c) const;

  bool existing(const std::string& to_table) const { return table_from_.count(to_table) > 0; }
  const Enum* from_enum(const std::string& n) const { return find_enum(from_, n); }
  const Enum* to_enum(const std::string& n) const { return find_enum(to_, n); }
  std::string enum_base(const std::string& type) const {
    auto base = type_info(type).base;
    return enum_names_.count(base) ? base : "";
  }

  void align();
  void build_renamed_view();
  void classify_columns();
  void match_objects();
  std::string temp_type_name(const std::string& base) const;
  SwapState swap_state_existing(const std::string& enum_name) const;
  SwapState swap_state_from(const std::string& enum_name) const;

  // Phases.
  Steps drop_constraints_and_indexes();
  Steps drop_columns_and_tables();
  Steps renames();
  Steps enum_changes(Steps& value_additions, const std::set<std::string>& early_enums);
  Steps create_tables(Steps& deferred_fks);
  Steps column_changes();
  Steps add_constraints(Steps deferred_fks);
  Steps validations();
  Steps indexes_of_new_tables();
  Steps comments();
  Steps drop_enums();
  Steps concurrent_indexes();
  Steps enum_value_additions(const std::set<std::string>& early_enums);
  std::set<std::string> enums_used_early(const std::vector<const Steps*>& later) const;
};

void Differ::align() {
  std::set<std::string> claimed;
  for (const auto& t : to_.tables)
    if (from_.table(t.name)) {
      table_from_[t.name] = t.name;
      claimed.insert(t.name);
    }
  for (const auto& t : to_.tables) {
    if (table_from_.count(t.name) || t.renamed_from.empty()) continue;
    if (from_.table(t.renamed_from) && !claimed.count(t.renamed_from)) {
      table_from_[t.name] = t.renamed_from;
      claimed.insert(t.renamed_from);
    }
  }
  for (const auto& [to, from] : table_from_) table_to_[from] = to;

  for (const auto& [to_name, from_name] : table_from_) {
    const Table& ft = *from_.table(from_name);
    const Table& tt = *to_.table(to_name);
    auto& map = column_to_[from_name];
    std::set<std::string> taken;
    for (const auto& c : tt.columns)
      if (ft.column(c.name)) {
        map[c.name] = c.name;
        taken.insert(c.name);
      }
    for (const auto& c : tt.columns) {
      if (ft.column(c.name) || c.renamed_from.empty()) continue;
      if (ft.column(c.renamed_from) && !taken.count(c.renamed_from) && !tt.column(c.renamed_from)) {
        map[c.renamed_from] = c.name;
        taken.insert(c.renamed_from);
      }
    }
  }
  for (const auto& e : from_.enums) enum_names_.insert(e.name);
  for (const auto& e : to_.enums) enum_names_.insert(e.name);
}

void Differ::build_renamed_view() {
  auto table_name = [&](const std::string& n) {
    auto it = table_to_.find(n);
    return it == table_to_.end() ? n : it->second;
  };
  auto column_renames = [&](const std::string& from_table) {
    std::map<std::string, std::string> out;
    auto it = column_to_.find(from_table);
    if (it != column_to_.end())
      for (const auto& [a, b] : it->second)
        if (a != b) out[a] = b;
    return out;
  };
  auto column_name = [&](const std::string& from_table, const std::string& c) {
    auto it = column_to_.find(from_table);
    if (it == column_to_.end()) return c;
    auto jt = it->second.find(c);
    return jt == it->second.end() ? c : jt->second;
  };
  auto columns = [&](const std::string& from_table, std::vector<std::string> cols) {
    for (auto& c : cols) c = column_name(from_table, c);
    return cols;
  };

  renamed_ = from_;
  for (auto& t : renamed_.tables) {
    const std::string from_name = t.name;
    auto renames = column_renames(from_name);
    t.name = table_name(from_name);
    for (auto& c : t.columns) {
      c.name = column_name(from_name, c.name);
      c.generated = rename_columns(c.generated, renames);
    }
    for (auto& c : t.constraints) {
      c.columns = columns(from_name, c.columns);
      c.set_null_columns = columns(from_name, c.set_null_columns);
      c.ref_columns = columns(c.ref_table, c.ref_columns);
      c.ref_table = table_name(c.ref_table);
      c.expression = rename_columns(c.expression, renames);
    }
  }
  for (auto& ix : renamed_.indexes) {
    const std::string from_table = ix.table;
    for (auto& k : ix.keys) k.column = column_name(from_table, k.column);
    ix.where = rename_columns(ix.where, column_renames(from_table));
    ix.table = table_name(from_table);
  }
}

// Which existing columns are dropped and added again, lose their expression, or change
// type to or from an enum; what depends on them is dropped and put back around the change.
void Differ::classify_columns() {
  for (std::size_t ti = 0; ti < renamed_.tables.size(); ++ti) {
    const Table& rt = renamed_.tables[ti];
    if (!table_to_.count(from_.tables[ti].name)) continue;
    const Table& tt = *to_.table(rt.name);
    std::set<std::string> whole, expressions;  // columns whose dependents are disturbed
    // PostgreSQL cannot change the type of a column that a generated column reads: such a
    // generated column is dropped and added again (it loses nothing, being computed).
    std::set<std::string> retyped;
    for (const auto& tc : tt.columns)
      if (const Column* rc = rt.column(tc.name); rc && !same_type(rc->type, tc.type)) retyped.insert(tc.name);
    for (const auto& tc : tt.columns) {
      const Column* rc = rt.column(tc.name);
      if (!rc) continue;
      bool reads_retyped = intersects(expression_columns(rc->generated), retyped);
      if (!rc->generated.empty() && (tc.generated.empty())) {
        unexpressed_[tt.name].insert(tc.name);
        whole.insert(tc.name);
      } else if (!tc.generated.empty() &&
                 (!same_expr(rc->generated, tc.generated) || reads_retyped || retyped.count(tc.name))) {
        readded_[tt.name].insert(tc.name);
        whole.insert(tc.name);
      } else if (!same_type(rc->type, tc.type) && (!enum_base(rc->type).empty() || !enum_base(tc.type).empty())) {
        enum_retyped_[tt.name].insert(tc.name);
        expressions.insert(tc.name);
      } else if (!same_type(rc->type, tc.type) && recasts(rc->type, tc.type)) {
        expressions.insert(tc.name);
      }
    }
    if (whole.empty() && expressions.empty()) continue;
    for (std::size_t ci = 0; ci < rt.constraints.size(); ++ci) {
      const auto& c = rt.constraints[ci];
      auto refs = expression_columns(c.expression);
      std::vector<std::string> all = c.columns;
      all.insert(all.end(), refs.begin(), refs.end());
      if (intersects(all, whole) || intersects(refs, expressions)) disturbed_constraints_.insert({ti, ci});
    }
    for (std::size_t ii = 0; ii < renamed_.indexes.size(); ++ii) {
      const auto& ix = renamed_.indexes[ii];
      if (ix.table != rt.name) continue;
      auto refs = expression_columns(ix.where);
      std::vector<std::string> all = refs;
      for (const auto& k : ix.keys) all.push_back(k.column);
      if (intersects(all, whole) || intersects(refs, expressions)) disturbed_indexes_.insert(ii);
    }
  }
}

void Differ::match_objects() {
  // Constraints, table by table: same name and definition; then same definition under a new
  // name (a rename); what is left is dropped or added.
  for (std::size_t ti = 0; ti < renamed_.tables.size(); ++ti) {
    if (!table_to_.count(from_.tables[ti].name)) continue;
    const Table& rt = renamed_.tables[ti];
    const Table& tt = *to_.table(rt.name);
    std::vector<bool> used_from(rt.constraints.size(), false), used_to(tt.constraints.size(), false);
    for (std::size_t ci = 0; ci < rt.constraints.size(); ++ci)
      if (disturbed_constraints_.count({ti, ci})) used_from[ci] = true;
    for (std::size_t j = 0; j < tt.constraints.size(); ++j)
      for (std::size_t ci = 0; ci < rt.constraints.size(); ++ci)
        if (!used_from[ci] && rt.constraints[ci].name == tt.constraints[j].name &&
            same_constraint_def(rt.constraints[ci], tt.constraints[j])) {
          used_from[ci] = used_to[j] = true;
          kept_constraints_.push_back({{ti, ci}, &tt.constraints[j]});
          break;
        }
    for (std::size_t j = 0; j < tt.constraints.size(); ++j) {
      if (used_to[j]) continue;
      for (std::size_t ci = 0; ci < rt.constraints.size(); ++ci)
        if (!used_from[ci] && same_constraint_def(rt.constraints[ci], tt.constraints[j])) {
          used_from[ci] = used_to[j] = true;
          kept_constraints_.push_back({{ti, ci}, &tt.constraints[j]});
          renamed_constraints_.push_back({{ti, ci}, &tt.constraints[j]});
          break;
        }
    }
    for (std::size_t ci = 0; ci < rt.constraints.size(); ++ci)
      if (!used_from[ci] || disturbed_constraints_.count({ti, ci})) dropped_constraints_.push_back({ti, ci});
    for (std::size_t j = 0; j < tt.constraints.size(); ++j)
      if (!used_to[j]) added_constraints_.push_back({tt.name, &tt.constraints[j]});
  }

  // Indexes of existing tables, the same way.
  std::vector<bool> used_from(renamed_.indexes.size(), false), used_to(to_.indexes.size(), false);
  for (std::size_t i = 0; i < renamed_.indexes.size(); ++i)
    if (disturbed_indexes_.count(i) || !existing(renamed_.indexes[i].table) ||
        !table_to_.count(from_.indexes[i].table))
      used_from[i] = true;
  for (std::size_t j = 0; j < to_.indexes.size(); ++j)
    if (!existing(to_.indexes[j].table)) used_to[j] = true;
  for (std::size_t j = 0; j < to_.indexes.size(); ++j) {
    if (used_to[j]) continue;
    for (std::size_t i = 0; i < renamed_.indexes.size(); ++i)
      if (!used_from[i] && renamed_.indexes[i].name == to_.indexes[j].name &&
          same_index_def(renamed_.indexes[i], to_.indexes[j])) {
        used_from[i] = used_to[j] = true;
        kept_indexes_.push_back({i, &to_.indexes[j]});
        break;
      }
  }
  for (std::size_t j = 0; j < to_.indexes.size(); ++j) {
    if (used_to[j]) continue;
    for (std::size_t i = 0; i < renamed_.indexes.size(); ++i)
      if (!used_from[i] && same_index_def(renamed_.indexes[i], to_.indexes[j])) {
        used_from[i] = used_to[j] = true;
        kept_indexes_.push_back({i, &to_.indexes[j]});
        renamed_indexes_.push_back({i, &to_.indexes[j]});
        break;
      }
  }
  for (std::size_t i = 0; i < renamed_.indexes.size(); ++i)
    if (table_to_.count(from_.indexes[i].table) && (!used_from[i] || disturbed_indexes_.count(i)))
      dropped_indexes_.push_back(i);
  for (std::size_t j = 0; j < to_.indexes.size(); ++j)
    if (!used_to[j]) added_indexes_.push_back(&to_.indexes[j]);

  // A foreign key whose referenced key is dropped and made again goes and comes back with it.
  for (const auto& r : dropped_constraints_) {
    const auto& c = renamed_.tables[r.table].constraints[r.index];
    if (owns_index(c)) rekeyed_.insert(key(renamed_.tables[r.table].name, c.columns));
  }
  for (auto i : dropped_indexes_) {
    const auto& ix = renamed_.indexes[i];
    if (!ix.unique || !ix.where.empty()) continue;
    std::vector<std::string> cols;
    for (const auto& k : ix.keys) cols.push_back(k.column);
    rekeyed_.insert(key(ix.table, cols));
  }
  if (rekeyed_.empty()) return;
  auto moved = [&](const std::pair<ConstraintRef, const Constraint*>& k) {
    const auto& c = renamed_.tables[k.first.table].constraints[k.first.index];
    return c.kind == ConstraintKind::ForeignKey && rekeyed_.count(key(c.ref_table, c.ref_columns)) > 0;
  };
  for (const auto& k : kept_constraints_)
    if (moved(k)) {
      dropped_constraints_.push_back(k.first);
      added_constraints_.push_back({renamed_.tables[k.first.table].name, k.second});
    }
  std::erase_if(kept_constraints_, moved);
  std::erase_if(renamed_constraints_, moved);
}

bool Differ::deferred_in_down(std::size_t ti, const Constraint& c) const {
  const Table& t = from_.tables[ti];
  if (c.kind != ConstraintKind::ForeignKey) return false;
  if (auto it = table_to_.find(c.ref_table); it != table_to_.end()) {
    // The referenced columns under `to`'s names.
    std::vector<std::string> cols = c.ref_columns;
    if (auto m = column_to_.find(c.ref_table); m != column_to_.end())
      for (auto& x : cols)
        if (auto n = m->second.find(x); n != m->second.end()) x = n->second;
    return rekeyed_.count(key(it->second, cols)) > 0;
  }
  if (c.ref_table == t.name) return false;
  for (std::size_t i = 0; i < from_.tables.size(); ++i)
    if (from_.tables[i].name == c.ref_table) return i > ti;
  return false;  // a table outside the schema
}

// Whether `to`'s enum replaces `from`'s values by a type swap: a value removed or moved.
bool Differ::swapped(const Enum& te) const {
  const Enum* fe = from_enum(te.name);
  if (!fe || fe->values == te.values) return false;
  std::size_t k = 0;
  for (const auto& v : te.values)
    if (k < fe->values.size() && v == fe->values[k]) ++k;
  return k != fe->values.size();
}

void Differ::plan_swap_defaults() {
  for (const auto& te : to_.enums) {
    if (!swapped(te)) continue;
    for (std::size_t ti = 0; ti < renamed_.tables.size(); ++ti) {
      if (!table_to_.count(from_.tables[ti].name)) continue;
      const Table& rt = renamed_.tables[ti];
      const Table& tt = *to_.table(rt.name);
      for (const auto& c : rt.columns) {
        const Column* tc = tt.column(c.name);
        if (!tc || holds(readded_, rt.name, c.name) || enum_base(c.type) != te.name || c.default_expr.empty()) continue;
        swap_defaults_[{rt.name, c.name}] = same_type(c.type, tc->type) ? tc->default_expr : "";
      }
    }
  }
}

std::string Differ::temp_type_name(const std::string& base) const {
  for (int i = 0;; ++i) {
    std::string n = naming::fit_identifier(base + "_new" + (i ? std::to_string(i) : ""));
    bool taken = enum_names_.count(n) || from_.table(n) || to_.table(n);
    if (!taken) return n;
  }
}

// The columns of an enum type, and what holds its values, on the existing tables after the
// drops and renames of the main migration (the state a swap there sees).
SwapState Differ::swap_state_existing(const std::string& enum_name) const {
  SwapState st;
  std::map<std::string, std::set<std::string>> cols;
  for (std::size_t ti = 0; ti < renamed_.tables.size(); ++ti) {
    if (!table_to_.count(from_.tables[ti].name)) continue;
    const Table& rt = renamed_.tables[ti];
    const Table& tt = *to_.table(rt.name);
    for (const auto& c : rt.columns) {
      if (!tt.column(c.name) || holds(readded_, rt.name, c.name) || enum_base(c.type) != enum_name) continue;
      auto after = swap_defaults_.find({rt.name, c.name});
      st.columns.push_back({rt.name, c.name, type_info(c.type).dims > 0, c.default_expr,
                            after == swap_defaults_.end() ? c.default_expr : after->second});
      cols[rt.name].insert(c.name);
    }
  }
  for (const auto& [ref, c] : kept_constraints_) {
    const std::string& table = renamed_.tables[ref.table].name;
    if (c->kind == ConstraintKind::Check && cols.count(table) && intersects(expression_columns(c->expression), cols[table]))
      st.checks.push_back({table, *c});
  }
  for (const auto& [i, ix] : kept_indexes_)
    if (cols.count(ix->table) && intersects(expression_columns(ix->where), cols[ix->table])) st.indexes.push_back(*ix);
  return st;
}

// The same, in `from` itself (a swap in a migration that runs before the main one).
SwapState Differ::swap_state_from(const std::string& enum_name) const {
  SwapState st;
  std::map<std::string, std::set<std::string>> cols;
  for (const auto& t : from_.tables)
    for (const auto& c : t.columns)
      if (enum_base(c.type) == enum_name) {
        st.columns.push_back({t.name, c.name, type_info(c.type).dims > 0, c.default_expr, c.default_expr});
        cols[t.name].insert(c.name);
      }
  for (const auto& t : from_.tables)
    for (const auto& c : t.constraints)
      if (c.kind == ConstraintKind::Check && cols.count(t.name) && intersects(expression_columns(c.expression), cols[t.name]))
        st.checks.push_back({t.name, c});
  for (const auto& ix : from_.indexes)
    if (cols.count(ix.table) && intersects(expression_columns(ix.where), cols[ix.table])) st.indexes.push_back(ix);
  return st;
}

Steps Differ::drop_constraints_and_indexes() {
  Steps fks, others, indexes;
  for (const auto& r : dropped_constraints_) {
    const std::string& table = from_.tables[r.table].name;
    const Constraint& c = from_.tables[r.table].constraints[r.index];
    push(c.kind == ConstraintKind::ForeignKey ? fks : others, DiffKind::DropConstraint, c.name,
         {drop_constraint(table, c.name)}, {ddl::add_constraint(table, c)});
  }
  // Foreign keys of dropped tables that their Down cannot write inside CREATE TABLE.
  for (std::size_t ti = 0; ti < from_.tables.size(); ++ti) {
    const Table& t = from_.tables[ti];
    if (table_to_.count(t.name)) continue;
    for (const auto& c : t.constraints)
      if (deferred_in_down(ti, c))
        push(fks, DiffKind::DropConstraint, c.name, {drop_constraint(t.name, c.name)}, {ddl::add_constraint(t.name, c)});
  }
  for (auto i : dropped_indexes_) {
    const Index& ix = from_.indexes[i];
    push(indexes, DiffKind::DropIndex, ix.name, {ddl::drop_index(ix)}, {ddl::create_index(ix)});
  }
  fks.insert(fks.end(), others.begin(), others.end());
  fks.insert(fks.end(), indexes.begin(), indexes.end());
  return fks;
}

Steps Differ::drop_columns_and_tables() {
  Steps steps;
  for (std::size_t ti = 0; ti < from_.tables.size(); ++ti) {
    const Table& ft = from_.tables[ti];
    auto tt_name = table_to_.find(ft.name);
    if (tt_name == table_to_.end()) continue;
    const Table& rt = renamed_.tables[ti];
    const Table& tt = *to_.table(tt_name->second);
    // Generated columns first: they read the others.
    std::vector<std::size_t> order;
    for (int pass = 0; pass < 2; ++pass)
      for (std::size_t ci = 0; ci < ft.columns.size(); ++ci)
        if (ft.columns[ci].generated.empty() == (pass == 1)) order.push_back(ci);
    for (std::size_t ci : order) {
      const Column& fc = ft.columns[ci];
      const std::string& now = rt.columns[ci].name;
      const Column* tc = tt.column(now);
      bool gone = !column_to_[ft.name].count(fc.name) || !tc;
      bool again = !gone && readded_[tt.name].count(now);
      if (!gone && !again) continue;
      if (gone) out_.destructive.push_back("column " + ft.name + "." + fc.name);
      else if (fc.generated.empty()) out_.destructive.push_back("column " + ft.name + "." + fc.name + " (becomes generated)");
      push(steps, DiffKind::DropColumn, ft.name + "." + fc.name, {drop_column(ft.name, fc.name)},
           restore_column(ft.name, fc, from_.enums));
    }
  }
  // Tables last created first; the Down creates them again in `from`'s order, with the
  // foreign keys that can be written inline (the others were dropped above), comments and
  // indexes.
  Steps tables;
  for (std::size_t ti = 0; ti < from_.tables.size(); ++ti) {
    const Table& t = from_.tables[ti];
    if (table_to_.count(t.name)) continue;
    auto inline_ok = [&](const Constraint& c) { return !deferred_in_down(ti, c); };
    Statements down = {ddl::create_table(t, inline_ok)};
    if (!t.comment.empty()) down.push_back(ddl::comment_on_table(t));
    for (const auto& c : t.columns)
      if (!c.comment.empty()) down.push_back(ddl::comment_on_column(t.name, c));
    for (const auto& ix : from_.indexes)
      if (ix.table == t.name) down.push_back(ddl::create_index(ix));
    push(tables, DiffKind::DropTable, t.name, {ddl::drop_table(t)}, down);
    out_.destructive.push_back("table " + t.name);
  }
  steps.insert(steps.end(), tables.rbegin(), tables.rend());
  return steps;
}

Steps Differ::renames() {
  Steps steps;
  std::vector<RenameOp> tables;
  for (const auto& [to, from] : table_from_)
    if (to != from)
      tables.push_back({DiffKind::RenameTable, from, to, {"rel:"},
                        [](const std::string& a, const std::string& b) { return "ALTER TABLE " + a + " RENAME TO " + b; },
                        [](const std::string& n) { return n; }});
  // In `to`'s order, for stable output.
  std::sort(tables.begin(), tables.end(), [&](const RenameOp& a, const RenameOp& b) {
    auto pos = [&](const std::string& n) {
      for (std::size_t i = 0; i < to_.tables.size(); ++i)
        if (to_.tables[i].name == n) return i;
      return to_.tables.size();
    };
    return pos(a.target) < pos(b.target);
  });
  schedule_renames(tables, steps);

  for (std::size_t ti = 0; ti < from_.tables.size(); ++ti) {
    const Table& ft = from_.tables[ti];
    if (!table_to_.count(ft.name)) continue;
    const std::string table = table_to_[ft.name];
    std::vector<RenameOp> cols;
    for (const auto& c : ft.columns) {
      auto it = column_to_[ft.name].find(c.name);
      if (it == column_to_[ft.name].end() || it->second == c.name || readded_[table].count(it->second)) continue;
      cols.push_back({DiffKind::RenameColumn, c.name, it->second, {"col:"},
                      [table](const std::string& a, const std::string& b) {
                        return "ALTER TABLE " + table + " RENAME COLUMN " + a + " TO " + b;
                      },
                      [table](const std::string& n) { return table + "." + n; }});
    }
    schedule_renames(cols, steps);
  }

  std::vector<RenameOp> objects;
  for (const auto& [ref, c] : renamed_constraints_) {
    const Constraint& rc = renamed_.tables[ref.table].constraints[ref.index];
    if (rc.name == c->name) continue;
    const std::string table = renamed_.tables[ref.table].name;
    std::vector<std::string> ns = {"con:" + table + ":"};
    if (owns_index(rc)) ns.push_back("rel:");
    objects.push_back({DiffKind::RenameConstraint, rc.name, c->name, ns,
                       [table](const std::string& a, const std::string& b) {
                         return "ALTER TABLE " + table + " RENAME CONSTRAINT " + a + " TO " + b;
                       },
                       [](const std::string& n) { return n; }});
  }
  for (const auto& [i, ix] : renamed_indexes_) {
    if (renamed_.indexes[i].name == ix->name) continue;
    objects.push_back({DiffKind::RenameIndex, renamed_.indexes[i].name, ix->name, {"rel:"},
                       [](const std::string& a, const std::string& b) { return "ALTER INDEX " + a + " RENAME TO " + b; },
                       [](const std::string& n) { return n; }});
  }
  schedule_renames(objects, steps);
  return steps;
}

Steps Differ::enum_value_additions(const std::set<std::string>& early_enums) {
  Steps steps;
  for (const auto& te : to_.enums) {
    const Enum* fe = from_enum(te.name);
    // Only additions keep the old values in order: a subsequence of the new list.
    if (!fe || fe->values == te.values || swapped(te)) continue;
    Statements up;
    std::set<std::string> present(fe->values.begin(), fe->values.end());
    for (std::size_t i = 0; i < te.values.size(); ++i) {
      const auto& v = te.values[i];
      if (present.count(v)) continue;
      std::string where;
      for (std::size_t j = i + 1; j < te.values.size() && where.empty(); ++j)
        if (std::find(fe->values.begin(), fe->values.end(), te.values[j]) != fe->values.end())
          where = " BEFORE " + sql::quote_literal(te.values[j]);
      if (where.empty() && i > 0) where = " AFTER " + sql::quote_literal(te.values[i - 1]);
      up.push_back("ALTER TYPE " + te.name + " ADD VALUE " + sql::quote_literal(v) + where);
      present.insert(v);
    }
    SwapState st = early_enums.count(te.name) ? swap_state_from(te.name) : swap_state_existing(te.name);
    push(steps, DiffKind::AddEnumValues, te.name, up, swap_enum(te.name, fe->values, fe->comment, st, temp_type_name(te.name)));
  }
  return steps;
}

Steps Differ::enum_changes(Steps& value_additions, const std::set<std::string>& early_enums) {
  Steps steps;
  for (const auto& te : to_.enums) {
    if (from_enum(te.name)) continue;
    Statements up = {ddl::create_enum(te)};
    if (!te.comment.empty()) up.push_back(comment_on_type(te.name, te.comment));
    push(steps, DiffKind::CreateEnum, te.name, up, {ddl::drop_enum(te)});
  }
  for (auto& s : value_additions)
    if (!early_enums.count(s.change.subject)) steps.push_back(s);
  for (const auto& te : to_.enums) {
    const Enum* fe = from_enum(te.name);
    if (!swapped(te)) continue;
    for (const auto& v : fe->values)
      if (std::find(te.values.begin(), te.values.end(), v) == te.values.end())
        out_.destructive.push_back("enum value " + te.name + "." + sql::quote_literal(v));
    SwapState st = swap_state_existing(te.name);
    std::string temp = temp_type_name(te.name);
    push(steps, DiffKind::ReplaceEnumValues, te.name, swap_enum(te.name, te.values, fe->comment, st, temp),
         swap_enum(te.name, fe->values, fe->comment, reversed(st), temp));
  }
  return steps;
}

Steps Differ::create_tables(Steps& deferred_fks) {
  Steps steps;
  std::set<std::string> created;
  for (const auto& t : to_.tables)
    if (existing(t.name)) created.insert(t.name);
  for (const auto& t : to_.tables) {
    if (existing(t.name)) continue;
    created.insert(t.name);
    auto inline_ok = [&](const Constraint& c) {
      return c.kind != ConstraintKind::ForeignKey || created.count(c.ref_table) > 0 || !to_.table(c.ref_table);
    };
    Statements up = {ddl::create_table(t, inline_ok)};
    if (!t.comment.empty()) up.push_back(ddl::comment_on_table(t));
    for (const auto& c : t.columns)
      if (!c.comment.empty()) up.push_back(ddl::comment_on_column(t.name, c));
    push(steps, DiffKind::CreateTable, t.name, up, {ddl::drop_table(t)});
    for (const auto& c : t.constraints)
      if (!inline_ok(c))
        push(deferred_fks, DiffKind::AddConstraint, c.name, {ddl::add_constraint(t.name, c)}, {drop_constraint(t.name, c.name)});
  }
  return steps;
}

Steps Differ::column_changes() {
  Steps steps;
  for (const auto& tt : to_.tables) {
    if (!existing(tt.name)) continue;
    const std::string& from_name = table_from_[tt.name];
    std::size_t ti = 0;
    while (from_.tables[ti].name != from_name) ++ti;
    const Table& rt = renamed_.tables[ti];
    const std::string& t = tt.name;

    // Generated columns that become plain ones keep their values; first, so that a type
    // change below never meets a column that is still generated from it.
    for (const auto& tc : tt.columns) {
      const Column* rcp = rt.column(tc.name);
      if (!rcp || !unexpressed_[t].count(tc.name)) continue;
      Statements down = {drop_column(t, tc.name)};
      Statements back = restore_column(t, *rcp, from_.enums);
      down.insert(down.end(), back.begin(), back.end());
      push(steps, DiffKind::DropExpression, t + "." + tc.name, {alter_column(t, tc.name, "DROP EXPRESSION")}, down);
    }

    for (const auto& tc : tt.columns) {
      const Column* rcp = rt.column(tc.name);
      if (!rcp || readded_[t].count(tc.name)) continue;
      std::size_t ci = static_cast<std::size_t>(rcp - rt.columns.data());
      if (!column_to_[from_name].count(from_.tables[ti].columns[ci].name)) continue;
      Column cur = *rcp;  // the column as it stands, updated step by step
      if (auto it = swap_defaults_.find({t, tc.name}); it != swap_defaults_.end()) cur.default_expr = it->second;
      const std::string subject = t + "." + tc.name;

      if (!same_type(cur.type, tc.type)) {
        TypeInfo a = type_info(cur.type), b = type_info(tc.type);
        std::string ea = enum_base(cur.type), eb = enum_base(tc.type);
        bool family = same_family(a, b) && ea.empty() && eb.empty();
        bool widening = widens(a, b, !ea.empty());
        auto using_clause = [&](const std::string& target, bool target_enum, bool source_enum, int dims) {
          if (family) return std::string();
          std::string arr = dims > 0 ? "[]" : "";
          std::string via = target_enum || source_enum ? "::text" + arr : "";
          if (!via.empty() && canonical_type(target) == "text" + arr) return " USING " + tc.name + via;
          return " USING " + tc.name + via + "::" + target;
        };
        Statements up, down;
        bool reset = !cur.default_expr.empty() && (!family || recasts(cur.type, tc.type));
        if (reset) up.push_back(alter_column(t, tc.name, "DROP DEFAULT"));
        up.push_back(alter_column(t, tc.name, "TYPE " + tc.type + using_clause(tc.type, !eb.empty(), !ea.empty(), b.dims)));
        down.push_back(alter_column(t, tc.name, "TYPE " + cur.type + using_clause(cur.type, !ea.empty(), !eb.empty(), a.dims)));
        if (reset) down.push_back(alter_column(t, tc.name, "SET DEFAULT " + cur.default_expr));
        if (!widening)
          out_.destructive.push_back(std::string(same_family(a, b) ? "narrowing " : "retyping ") + t + "." + tc.name + " " +
                                     cur.type + "->" + tc.type);
        if (!eb.empty()) retyped_to_enum_.insert({eb, subject});
        push(steps, DiffKind::AlterColumnType, subject, up, down);
        if (reset) cur.default_expr.clear();
        cur.type = tc.type;
      }

      if (!same_expr(cur.default_expr, tc.default_expr)) {
        if (tc.default_expr.empty()) {
          push(steps, DiffKind::DropDefault, subject, {alter_column(t, tc.name, "DROP DEFAULT")},
               {alter_column(t, tc.name, "SET DEFAULT " + cur.default_expr)});
        } else {
          Statements down = {cur.default_expr.empty() ? alter_column(t, tc.name, "DROP DEFAULT")
                                                      : alter_column(t, tc.name, "SET DEFAULT " + cur.default_expr)};
          push(steps, DiffKind::SetDefault, subject, {alter_column(t, tc.name, "SET DEFAULT " + tc.default_expr)}, down);
        }
      }

      if (cur.not_null != tc.not_null) {
        if (tc.not_null)
          push(steps, DiffKind::SetNotNull, subject, {alter_column(t, tc.name, "SET NOT NULL")},
               {alter_column(t, tc.name, "DROP NOT NULL")});
        else
          push(steps, DiffKind::DropNotNull, subject, {alter_column(t, tc.name, "DROP NOT NULL")},
               {alter_column(t, tc.name, "SET NOT NULL")});
      }
    }

    // New columns, and generated ones dropped above to be made again: plain columns first,
    // generated ones last, since they read the others (in their new types).
    for (int pass = 0; pass < 2; ++pass)
      for (const auto& tc : tt.columns) {
        if (tc.generated.empty() != (pass == 0)) continue;
        const Column* rc = rt.column(tc.name);
        bool is_new = !rc;
        if (!is_new && !readded_[t].count(tc.name)) continue;
        if (is_new && tc.not_null && tc.default_expr.empty() && tc.generated.empty())
          out_.errors.push_back("column " + t + "." + tc.name +
                                ": adding a required column without a default to the existing table " + t +
                                "; give it a default or add it optional first");
        Statements up = {add_column(t, tc)};
        if (!tc.comment.empty()) up.push_back(comment_on_column(t, tc.name, tc.comment));
        push(steps, DiffKind::AddColumn, t + "." + tc.name, up, {drop_column(t, tc.name)});
      }
  }
  return steps;
}

// A check or foreign key on a table that already existed is added NOT VALID: PostgreSQL
// then checks new rows only and holds its lock for a moment instead of for a table scan
// (squawk: constraint-missing-not-valid). validations() checks the old rows afterwards.
Steps Differ::add_constraints(Steps deferred_fks) {
  Steps others, fks;
  for (const auto& [table, c] : added_constraints_) {
    Constraint added = *c;
    added.valid = !can_skip_validation(added);
    push(c->kind == ConstraintKind::ForeignKey ? fks : others, DiffKind::AddConstraint, c->name,
         {ddl::add_constraint(table, added)}, {drop_constraint(table, c->name)});
  }
  others.insert(others.end(), fks.begin(), fks.end());
  others.insert(others.end(), deferred_fks.begin(), deferred_fks.end());
  return others;
}

// VALIDATE CONSTRAINT for the constraints added NOT VALID above, and for those the history
// left NOT VALID. It runs in a later migration: in the same transaction the brief lock of
// ADD .. NOT VALID would be held through the scan. PostgreSQL has no way back to NOT VALID,
// so the Down drops the constraint and adds it again NOT VALID, as it was before.
Steps Differ::validations() {
  Steps steps;
  auto validate = [&](const std::string& table, const Constraint& c) {
    Constraint unvalidated = c;
    unvalidated.valid = false;
    push(steps, DiffKind::ValidateConstraint, c.name, {"ALTER TABLE " + table + " VALIDATE CONSTRAINT " + c.name},
         {drop_constraint(table, c.name), ddl::add_constraint(table, unvalidated)});
  };
  for (const auto& [table, c] : added_constraints_)
    if (can_skip_validation(*c)) validate(table, *c);
  for (const auto& [ref, c] : kept_constraints_)
    if (!renamed_.tables[ref.table].constraints[ref.index].valid) validate(renamed_.tables[ref.table].name, *c);
  return steps;
}

Steps Differ::indexes_of_new_tables() {
  Steps steps;
  // DROP TABLE takes them along, so their Down is empty (as in a fresh plan).
  for (const auto& ix : to_.indexes)
    if (!existing(ix.table)) push(steps, DiffKind::CreateIndex, ix.name, {ddl::create_index(ix)}, {});
  return steps;
}

Steps Differ::concurrent_indexes() {
  Steps steps;
  for (const auto* ix : added_indexes_)
    push(steps, DiffKind::CreateIndex, ix->name, {create_index_concurrently(*ix)}, {ddl::drop_index(*ix)});
  return steps;
}

Steps Differ::comments() {
  Steps steps;
  for (const auto& te : to_.enums)
    if (const Enum* fe = from_enum(te.name); fe && fe->comment != te.comment)
      push(steps, DiffKind::CommentEnum, te.name, {comment_on_type(te.name, te.comment)},
           {comment_on_type(te.name, fe->comment)});
  for (const auto& tt : to_.tables) {
    if (!existing(tt.name)) continue;
    std::size_t ti = 0;
    while (from_.tables[ti].name != table_from_[tt.name]) ++ti;
    const Table& rt = renamed_.tables[ti];
    if (rt.comment != tt.comment)
      push(steps, DiffKind::CommentTable, tt.name, {comment_on_table(tt.name, tt.comment)},
           {comment_on_table(tt.name, rt.comment)});
    for (const auto& tc : tt.columns) {
      const Column* rc = rt.column(tc.name);
      if (!rc || readded_[tt.name].count(tc.name) || rc->comment == tc.comment) continue;
      std::size_t ci = static_cast<std::size_t>(rc - rt.columns.data());
      if (!column_to_[table_from_[tt.name]].count(from_.tables[ti].columns[ci].name)) continue;
      push(steps, DiffKind::CommentColumn, tt.name + "." + tc.name, {comment_on_column(tt.name, tc.name, tc.comment)},
           {comment_on_column(tt.name, tc.name, rc->comment)});
    }
  }
  return steps;
}

Steps Differ::drop_enums() {
  Steps steps;
  for (auto it = from_.enums.rbegin(); it != from_.enums.rend(); ++it) {
    if (to_enum(it->name)) continue;
    Statements down = {ddl::create_enum(*it)};
    if (!it->comment.empty()) down.push_back(comment_on_type(it->name, it->comment));
    push(steps, DiffKind::DropEnum, it->name, {ddl::drop_enum(*it)}, down);
  }
  return steps;
}

// Enums whose added values a later statement uses: a value added by ALTER TYPE ... ADD VALUE
// cannot be used before its transaction commits.
std::set<std::string> Differ::enums_used_early(const std::vector<const Steps*>& later) const {
  std::set<std::string> out;
  for (const auto& te : to_.enums) {
    const Enum* fe = from_enum(te.name);
    if (!fe) continue;
    std::vector<std::string> added;
    for (const auto& v : te.values)
      if (std::find(fe->values.begin(), fe->values.end(), v) == fe->values.end()) added.push_back(v);
    if (added.empty()) continue;
    bool used = std::any_of(retyped_to_enum_.begin(), retyped_to_enum_.end(),
                            [&](const auto& r) { return r.first == te.name; });
    for (const auto* steps : later)
      for (const auto& s : *steps)
        for (const auto& stmt : s.change.up) {
          if (stmt.rfind("COMMENT ON", 0) == 0) continue;
          for (const auto& v : added) used = used || quotes_word(stmt, v);
        }
    if (used) out.insert(te.name);
  }
  return out;
}

Diff Differ::run() {
  align();
  build_renamed_view();
  classify_columns();
  match_objects();

  plan_swap_defaults();
  Steps p1 = drop_constraints_and_indexes();
  Steps p2 = drop_columns_and_tables();
  Steps p3 = renames();
  Steps deferred;
  Steps p5 = create_tables(deferred);
  Steps p6 = column_changes();
  Steps p7 = add_constraints(deferred);
  Steps p8 = indexes_of_new_tables();
  Steps p9 = comments();
  Steps p10 = drop_enums();
  Steps validated = validations();
  Steps concurrent = concurrent_indexes();

  // Swaps and creates do not quote added values, so what uses them is known without them.
  std::set<std::string> early = enums_used_early({&p1, &p2, &p3, &p5, &p6, &p7, &p8, &p9, &p10, &validated, &concurrent});
  Steps additions = enum_value_additions(early);
  Steps p4 = enum_changes(additions, early);
  Steps first;
  for (const auto& s : additions)
    if (early.count(s.change.subject)) first.push_back(s);

  auto migration = [](std::vector<const Steps*> parts, bool notransaction) {
    Migration m;
    m.notransaction = notransaction;
    for (const auto* p : parts)
      for (const auto& s : *p) {
        m.changes.push_back(s.change);
        m.kinds.push_back(s.kind);
      }
    return m;
  };
  // Enum renames lead the first migration: every later statement, and every Down, is written
  // against `from` as they leave it.
  std::vector<const Steps*> a_parts = {&first}, b_parts = {&p1, &p2, &p3, &p4, &p5, &p6, &p7, &p8, &p9, &p10};
  auto& lead = first.empty() ? b_parts : a_parts;
  lead.insert(lead.begin(), &enum_renames_);
  Migration a = migration(a_parts, false);
  Migration b = migration(b_parts, false);
  Migration v = migration({&validated}, false);
  Migration c = migration({&concurrent}, true);
  for (auto* m : {&a, &b, &v, &c})
    if (!m->empty()) out_.migrations.push_back(std::move(*m));
  return std::move(out_);
}

}  // namespace

const char* diff_kind_name(DiffKind kind) {
  switch (kind) {
    case DiffKind::CreateEnum: return "create_enum";
    case DiffKind::DropEnum: return "drop_enum";
    case DiffKind::RenameEnum: return "rename_enum";
    case DiffKind::RenameEnumValue: return "rename_enum_value";
    case DiffKind::AddEnumValues: return "add_enum_values";
    case DiffKind::ReplaceEnumValues: return "replace_enum_values";
    case DiffKind::CommentEnum: return "comment_enum";
    case DiffKind::CreateTable: return "create_table";
    case DiffKind::DropTable: return "drop_table";
    case DiffKind::RenameTable: return "rename_table";
    case DiffKind::CommentTable: return "comment_table";
    case DiffKind::AddColumn: return "add_column";
    case DiffKind::DropColumn: return "drop_column";
    case DiffKind::RenameColumn: return "rename_column";
    case DiffKind::AlterColumnType: return "alter_column_type";
    case DiffKind::SetNotNull: return "set_not_null";
    case DiffKind::DropNotNull: return "drop_not_null";
    case DiffKind::SetDefault: return "set_default";
    case DiffKind::DropDefault: return "drop_default";
    case DiffKind::DropExpression: return "drop_expression";
    case DiffKind::CommentColumn: return "comment_column";
    case DiffKind::AddConstraint: return "add_constraint";
    case DiffKind::DropConstraint: return "drop_constraint";
    case DiffKind::RenameConstraint: return "rename_constraint";
    case DiffKind::ValidateConstraint: return "validate_constraint";
    case DiffKind::CreateIndex: return "create_index";
    case DiffKind::DropIndex: return "drop_index";
    case DiffKind::RenameIndex: return "rename_index";
  }
  return "change";
}

std::string Migration::purpose() const {
  std::vector<DiffKind> order;
  std::map<DiffKind, int> counts;
  for (auto k : kinds)
    if (counts[k]++ == 0) order.push_back(k);
  std::vector<std::string> parts;
  for (auto k : order) {
    auto w = words(k);
    parts.push_back(std::string(w.verb) + " " + std::to_string(counts[k]) + " " + (counts[k] == 1 ? w.one : w.many));
  }
  std::string text = ddl::join(parts, ", ");
  if (notransaction && !text.empty()) text += " (concurrently, outside a transaction)";
  return text;
}

Diff diff(const catalog::Schema& from, const catalog::Schema& to, const DiffOptions& options) {
  (void)options;  // destructive changes are reported either way; Diff::refused applies it
  EnumRenames renames = enum_renames(from, to);
  return Differ(renames.from, to, std::move(renames.steps)).run();
}

}  // namespace tenantc
