// Replaying migration statements into a catalog. Statements are read as libpg_query's
// protobuf parse trees (typed C structs), so every clause is seen exactly as PostgreSQL's
// grammar produced it; expressions are turned back into text by deparsing the node alone and
// passing the result through sql::canonical_expression(), the same function the YAML side
// uses, so that both meet exactly.
#include "replay.hpp"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "sql_parser.hpp"

namespace tenantc {

namespace {

using catalog::ConstraintKind;

// PostgreSQL's NAMEDATALEN: identifiers hold at most NAMEDATALEN - 1 bytes.
constexpr std::size_t kNameDataLen = 64;

// ---------------------------------------------------------------------------------------
// libpg_query protobuf trees, owned.

struct TreeDeleter {
  void operator()(PgQuery__ParseResult* p) const {
    if (p) pg_query__parse_result__free_unpacked(p, nullptr);
  }
};
using Tree = std::unique_ptr<PgQuery__ParseResult, TreeDeleter>;

Tree parse_protobuf(const std::string& text, sql::ParseError* error) {
  PgQueryProtobufParseResult r = pg_query_parse_protobuf(text.c_str());
  struct Free {
    PgQueryProtobufParseResult& r;
    ~Free() { pg_query_free_protobuf_parse_result(r); }
  } free_result{r};
  if (r.error) {
    if (error) {
      error->message = r.error->message ? r.error->message : "syntax error";
      error->offset = r.error->cursorpos > 0 ? r.error->cursorpos - 1 : 0;
    }
    return nullptr;
  }
  Tree tree(pg_query__parse_result__unpack(nullptr, r.parse_tree.len,
                                           reinterpret_cast<const uint8_t*>(r.parse_tree.data)));
  if (!tree && error) *error = {"libpg_query gave a parse tree that does not unpack", 0};
  return tree;
}

std::optional<std::string> deparse(const PgQuery__ParseResult& tree) {
  const std::size_t len = pg_query__parse_result__get_packed_size(&tree);
  std::string buffer(len, '\0');
  pg_query__parse_result__pack(&tree, reinterpret_cast<uint8_t*>(buffer.data()));
  PgQueryDeparseResult d = pg_query_deparse_protobuf(PgQueryProtobuf{len, buffer.data()});
  std::optional<std::string> out;
  if (!d.error && d.query) out = std::string(d.query);
  pg_query_free_deparse_result(d);
  return out;
}

// The one target of `SELECT <expr>` in a tree parsed from such a text.
PgQuery__ResTarget* select_target(PgQuery__ParseResult& tree) {
  if (tree.n_stmts != 1 || !tree.stmts[0]->stmt || tree.stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
    return nullptr;
  auto* select = tree.stmts[0]->stmt->select_stmt;
  if (select->n_target_list != 1 || select->target_list[0]->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
    return nullptr;
  return select->target_list[0]->res_target;
}

// The canonical text of one expression node: the node alone is lent to the tree of
// `SELECT 1`, deparsed, and the text passed through sql::canonical_expression().
std::optional<std::string> expression_text(PgQuery__Node* node) {
  Tree carrier = parse_protobuf("SELECT 1", nullptr);
  PgQuery__ResTarget* target = carrier ? select_target(*carrier) : nullptr;
  if (!target) return std::nullopt;
  struct Lend {
    PgQuery__ResTarget* target;
    PgQuery__Node* own;
    ~Lend() { target->val = own; }  // the node belongs to its own tree: never freed here
  } lend{target, target->val};
  target->val = node;
  auto text = deparse(*carrier);
  static const std::string kSelect = "SELECT ";
  if (!text || text->rfind(kSelect, 0) != 0) return std::nullopt;
  return sql::canonical_expression(text->substr(kSelect.size()));
}

// Replacement strings for fields of an unpacked tree. The tree's own strings are put back
// before the tree is freed (declare the Patches after the Tree), so the tree's allocator
// never sees ours.
class Patches {
 public:
  Patches() = default;
  Patches(const Patches&) = delete;
  Patches& operator=(const Patches&) = delete;
  ~Patches() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) *it->first = it->second;
  }
  void set(char** slot, std::string value) {
    saved_.emplace_back(slot, *slot);
    store_.push_back(std::move(value));
    *slot = store_.back().data();
  }

 private:
  std::vector<std::pair<char**, char*>> saved_;
  std::deque<std::string> store_;  // stable addresses
};

// Visits every message of a tree, parents before children, through protobuf-c's descriptors
// (so no node type can be missed).
void walk(ProtobufCMessage* message, const std::function<void(ProtobufCMessage*)>& visit) {
  visit(message);
  const ProtobufCMessageDescriptor* d = message->descriptor;
  char* base = reinterpret_cast<char*>(message);
  for (unsigned i = 0; i < d->n_fields; ++i) {
    const ProtobufCFieldDescriptor& f = d->fields[i];
    if (f.type != PROTOBUF_C_TYPE_MESSAGE) continue;
    if (f.label == PROTOBUF_C_LABEL_REPEATED) {
      const std::size_t n = *reinterpret_cast<std::size_t*>(base + f.quantifier_offset);
      auto** items = *reinterpret_cast<ProtobufCMessage***>(base + f.offset);
      for (std::size_t k = 0; k < n; ++k)
        if (items[k]) walk(items[k], visit);
      continue;
    }
    if (f.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      // Members of a oneof share their storage: only the one the case names is there.
      if (*reinterpret_cast<uint32_t*>(base + f.quantifier_offset) != f.id) continue;
    }
    if (auto* child = *reinterpret_cast<ProtobufCMessage**>(base + f.offset)) walk(child, visit);
  }
}

bool is(const ProtobufCMessage* m, const ProtobufCMessageDescriptor& d) { return m->descriptor == &d; }

// Rewrites an expression held as text: it is parsed, `edit` sees every message of its tree
// and returns whether it changed one, and the text is printed again only when one changed.
std::string rewrite_expression(const std::string& expr,
                               const std::function<bool(ProtobufCMessage*, Patches&)>& edit) {
  if (expr.empty()) return expr;
  Tree tree = parse_protobuf("SELECT (" + expr + "\n)", nullptr);
  PgQuery__ResTarget* target = tree ? select_target(*tree) : nullptr;
  if (!target || !target->val) return expr;
  Patches patches;
  bool changed = false;
  walk(&target->val->base, [&](ProtobufCMessage* m) { changed = edit(m, patches) || changed; });
  if (!changed) return expr;
  return expression_text(target->val).value_or(expr);
}

std::string str(const PgQuery__Node* n) {
  if (n && n->node_case == PG_QUERY__NODE__NODE_STRING && n->string->sval) return n->string->sval;
  return {};
}

bool set(const char* s) { return s && *s; }

std::vector<std::string> strings(PgQuery__Node** items, std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(str(items[i]));
  return out;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Unqualified column names an expression reads, each once, in order of appearance.
std::vector<std::string> columns_read(const std::string& expr) {
  std::vector<std::string> out;
  for (const auto& c : sql::analyze_expression(expr).column_refs)
    if (!contains(out, c)) out.push_back(c);
  return out;
}

// ---------------------------------------------------------------------------------------
// PostgreSQL's names for unnamed objects (src/backend/commands/indexcmds.c, makeObjectName
// and friends): name1_name2_label cut to 63 bytes, the longer part shortened first, never
// in the middle of a UTF-8 character.

std::size_t clip_utf8(const std::string& s, std::size_t n) {
  while (n > 0 && n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

std::string make_object_name(const std::string& name1, const std::optional<std::string>& name2,
                             const std::string& label) {
  std::size_t overhead = 0;
  std::size_t n1 = name1.size(), n2 = 0;
  if (name2) {
    n2 = name2->size();
    ++overhead;
  }
  if (!label.empty()) overhead += label.size() + 1;
  const std::size_t avail = kNameDataLen - 1 - overhead;
  while (n1 + n2 > avail) {
    if (n1 > n2)
      --n1;
    else
      --n2;
  }
  n1 = clip_utf8(name1, n1);
  std::string out = name1.substr(0, n1);
  if (name2) out += "_" + name2->substr(0, clip_utf8(*name2, n2));
  if (!label.empty()) out += "_" + label;
  return out;
}

// Column names joined with '_', as ChooseIndexNameAddition and
// ChooseForeignKeyConstraintNameAddition build them (stopping once NAMEDATALEN is reached).
std::string name_addition(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& c : columns) {
    if (!out.empty()) out += '_';
    out += c.substr(0, kNameDataLen - 1);
    if (out.size() >= kNameDataLen) break;
  }
  return out;
}

// The first of label, label1, label2 ... whose name is not taken.
std::string choose_name(const std::string& name1, const std::optional<std::string>& name2, const std::string& label,
                        const std::function<bool(const std::string&)>& taken) {
  for (int pass = 0;; ++pass) {
    std::string name = make_object_name(name1, name2, pass ? label + std::to_string(pass) : label);
    if (!taken(name)) return name;
  }
}

// ---------------------------------------------------------------------------------------
// Statement locations.

// The first byte of `sql` at or after `offset` that is not blank or inside a comment.
int skip_blank(const std::string& sql, int offset) {
  std::size_t i = static_cast<std::size_t>(std::max(0, offset));
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i]))) {
      ++i;
    } else if (sql.compare(i, 2, "--") == 0) {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else if (sql.compare(i, 2, "/*") == 0) {
      auto end = sql.find("*/", i + 2);
      i = end == std::string::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  return static_cast<int>(i);
}

// `loc` moved forward over the first `offset` bytes of `text`.
SourceLoc advance(SourceLoc loc, const std::string& text, std::size_t offset) {
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++loc.line;
      loc.column = 1;
    } else {
      ++loc.column;
    }
  }
  return loc;
}

// The leading keywords of a statement, for messages: "CREATE FUNCTION", "INSERT INTO".
std::string leading_keywords(const std::string& sql) {
  PgQueryScanResult r = pg_query_scan(sql.c_str());
  std::string out;
  if (!r.error) {
    PgQuery__ScanResult* scan =
        pg_query__scan_result__unpack(nullptr, r.pbuf.len, reinterpret_cast<const uint8_t*>(r.pbuf.data));
    if (scan) {
      int words = 0;
      for (std::size_t i = 0; i < scan->n_tokens && words < 4; ++i) {
        const auto* t = scan->tokens[i];
        if (t->token == PG_QUERY__TOKEN__SQL_COMMENT || t->token == PG_QUERY__TOKEN__C_COMMENT) continue;
        if (t->keyword_kind == PG_QUERY__KEYWORD_KIND__NO_KEYWORD) break;
        std::string word = sql.substr(static_cast<std::size_t>(t->start), static_cast<std::size_t>(t->end - t->start));
        for (auto& ch : word) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (word == "IF" && words > 0) break;  // CREATE EXTENSION IF NOT EXISTS ...
        out += (out.empty() ? "" : " ") + word;
        ++words;
      }
      pg_query__scan_result__free_unpacked(scan, nullptr);
    }
  }
  pg_query_free_scan_result(r);
  return out.empty() ? "statement" : out;
}

// ---------------------------------------------------------------------------------------
// Enum value renames inside expressions: PostgreSQL stores an enum constant by the value's
// identity, so a renamed value shows its new label wherever it is used.

// A one-dimensional array literal's elements, or nullopt when it is not one.
struct ArrayElement {
  std::string text;
  bool quoted = false;
};
std::optional<std::vector<ArrayElement>> parse_array_literal(const std::string& s) {
  if (s.size() < 2 || s.front() != '{' || s.back() != '}') return std::nullopt;
  std::vector<ArrayElement> out;
  std::size_t i = 1;
  const std::size_t end = s.size() - 1;
  if (i == end) return out;
  while (i <= end) {
    ArrayElement e;
    while (i < end && s[i] == ' ') ++i;
    if (i < end && s[i] == '"') {
      e.quoted = true;
      ++i;
      while (i < end && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < end) ++i;
        e.text += s[i++];
      }
      if (i >= end) return std::nullopt;
      ++i;
      while (i < end && s[i] == ' ') ++i;
    } else {
      while (i < end && s[i] != ',') {
        if (s[i] == '{' || s[i] == '"') return std::nullopt;  // nested or malformed
        e.text += s[i++];
      }
      while (!e.text.empty() && e.text.back() == ' ') e.text.pop_back();
    }
    out.push_back(std::move(e));
    if (i == end) break;
    if (s[i] != ',') return std::nullopt;
    ++i;
  }
  return out;
}

std::string print_array_literal(const std::vector<ArrayElement>& elements) {
  std::string out = "{";
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i) out += ',';
    const auto& e = elements[i];
    bool quote = e.quoted || e.text.empty() || e.text.find_first_of("{}\",\\ ") != std::string::npos;
    if (!quote) {
      out += e.text;
      continue;
    }
    out += '"';
    for (char c : e.text) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

// Renames `from` to `to` in a string constant that holds a value of the enum: the value
// itself, or (for an array) an element of the array literal.
bool rename_in_constant(PgQuery__Node* n, bool array, const std::string& from, const std::string& to, Patches& p) {
  if (!n || n->node_case != PG_QUERY__NODE__NODE_A_CONST || n->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
    return false;
  PgQuery__String* s = n->a_const->sval;
  const std::string value = s->sval ? s->sval : "";
  if (!array) {
    if (value != from) return false;
    p.set(&s->sval, to);
    return true;
  }
  auto elements = parse_array_literal(value);
  if (!elements) return false;
  bool changed = false;
  for (auto& e : *elements)
    if (e.text == from) {
      e.text = to;
      changed = true;
    }
  if (changed) p.set(&s->sval, print_array_literal(*elements));
  return changed;
}

// The enum type a TypeName names, with whether it is an array of it; nullopt otherwise.
std::optional<std::pair<std::string, bool>> enum_of(const PgQuery__TypeName* tn) {
  if (!tn || tn->n_names == 0) return std::nullopt;
  std::string schema = tn->n_names == 2 ? str(tn->names[0]) : "";
  if (tn->n_names > 2 || (tn->n_names == 2 && schema != "public")) return std::nullopt;
  return std::make_pair(str(tn->names[tn->n_names - 1]), tn->n_array_bounds > 0);
}

}  // namespace

// ---------------------------------------------------------------------------------------
// The replayer.

namespace {

// A statement PostgreSQL would refuse: reported, and the statement changes nothing.
struct Failure {
  int offset;
  std::string message;
};

// A statement of a kind the catalog does not model.
struct Unmodeled {};

// A constraint on its way into a table: the catalog form plus what naming and checking need.
struct PendingConstraint {
  catalog::Constraint c;
  int offset = 0;
  bool named = false;
  bool resolve_ref_columns = false;  // REFERENCES t without a column list: t's primary key
};

class Replayer {
 public:
  Replayer(catalog::Schema& schema, Diagnostics& diags, std::vector<UnmodeledStatement>* unmodeled)
      : schema_(schema), diags_(diags), unmodeled_(unmodeled) {}

  void run(const ReplayStatement& st) {
    st_ = &st;
    sql::ParseError err;
    Tree tree = parse_protobuf(st.sql, &err);
    if (!tree) {
      diags_.error(at(err.offset), "migration does not parse: " + err.message);
      return;
    }
    for (std::size_t i = 0; i < tree->n_stmts; ++i) {
      const PgQuery__RawStmt* raw = tree->stmts[i];
      stmt_offset_ = skip_blank(st.sql, raw->stmt_location);
      // Every statement is applied to a copy, kept only when it went through: like
      // PostgreSQL, a statement that fails changes nothing.
      work_ = schema_;
      try {
        apply(raw->stmt);
        schema_ = std::move(work_);
      } catch (const Failure& f) {
        diags_.error(at(f.offset), f.message);
      } catch (const Unmodeled&) {
        const std::size_t begin = static_cast<std::size_t>(raw->stmt_location);
        std::string text = raw->stmt_len > 0 ? st.sql.substr(begin, static_cast<std::size_t>(raw->stmt_len))
                                             : st.sql.substr(begin);
        text = text.substr(static_cast<std::size_t>(stmt_offset_) - begin);
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
        std::string what = leading_keywords(text);
        if (unmodeled_)
          unmodeled_->push_back({text, at(stmt_offset_), what});
        else
          diags_.error(at(stmt_offset_), "cannot model this statement (" + what +
                                             "): replay models enum types, tables, their columns, constraints "
                                             "and indexes, and comments on them");
      }
    }
  }

 private:
  catalog::Schema& schema_;
  Diagnostics& diags_;
  std::vector<UnmodeledStatement>* unmodeled_;
  catalog::Schema work_;
  const ReplayStatement* st_ = nullptr;
  int stmt_offset_ = 0;

  // ---- locations and messages

  SourceLoc at(int offset) const {
    if (st_->loc.line <= 0) return st_->loc;
    return advance(st_->loc, st_->sql, static_cast<std::size_t>(std::max(0, offset)));
  }
  int where(int location) const { return location >= 0 ? location : stmt_offset_; }

  [[noreturn]] void fail(int location, std::string message) const { throw Failure{where(location), std::move(message)}; }
  // A clause the catalog cannot express: reported, the rest of the statement still applies.
  void unsupported(int location, const std::string& what) const {
    diags_.error(at(where(location)), "cannot model " + what + " in the catalog");
  }

  // ---- catalog lookups (in the statement's working copy)

  catalog::Table* table(const std::string& name) {
    for (auto& t : work_.tables)
      if (t.name == name) return &t;
    return nullptr;
  }
  catalog::Table& existing_table(const std::string& name, int location) {
    if (auto* t = table(name)) return *t;
    fail(location, "relation \"" + name + "\" does not exist");
  }
  catalog::Enum* enum_type(const std::string& name) {
    for (auto& e : work_.enums)
      if (e.name == name) return &e;
    return nullptr;
  }
  catalog::Index* index(const std::string& name) {
    for (auto& ix : work_.indexes)
      if (ix.name == name) return &ix;
    return nullptr;
  }
  static catalog::Column* column(catalog::Table& t, const std::string& name) {
    for (auto& c : t.columns)
      if (c.name == name) return &c;
    return nullptr;
  }
  static catalog::Constraint* constraint(catalog::Table& t, const std::string& name) {
    for (auto& c : t.constraints)
      if (c.name == name) return &c;
    return nullptr;
  }
  static bool owns_index(const catalog::Constraint& c) {
    return c.kind == ConstraintKind::PrimaryKey || c.kind == ConstraintKind::Unique;
  }
  // The table whose PRIMARY KEY or UNIQUE constraint (and so index) has this name.
  catalog::Table* constraint_index_owner(const std::string& name) {
    for (auto& t : work_.tables)
      for (auto& c : t.constraints)
        if (owns_index(c) && c.name == name) return &t;
    return nullptr;
  }
  // pg_class: tables and indexes, including the indexes of PRIMARY KEY / UNIQUE constraints.
  bool relation_exists(const std::string& name) {
    return table(name) || index(name) || constraint_index_owner(name);
  }
  bool constraint_name_used(const std::string& name) const {
    for (const auto& t : work_.tables)
      for (const auto& c : t.constraints)
        if (c.name == name) return true;
    return false;
  }

  // ---- names of objects

  // A relation named by a RangeVar; objects outside the public schema are not the schemas'.
  std::string relation_name(const PgQuery__RangeVar* rv) {
    if (!rv) fail(-1, "statement names no relation");
    if (set(rv->catalogname) || (set(rv->schemaname) && std::string(rv->schemaname) != "public")) throw Unmodeled{};
    return rv->relname;
  }
  // A (possibly schema-qualified) name given as a list of strings.
  std::string object_name(const std::vector<std::string>& parts, std::size_t expected = 1) {
    if (parts.size() == expected + 1 && parts.front() == "public") return join({parts.begin() + 1, parts.end()}, ".");
    if (parts.size() != expected) throw Unmodeled{};
    return join(parts, ".");
  }
  std::string list_name(const PgQuery__Node* n, std::size_t expected = 1) {
    if (n && n->node_case == PG_QUERY__NODE__NODE_LIST) return object_name(strings(n->list->items, n->list->n_items), expected);
    if (n && n->node_case == PG_QUERY__NODE__NODE_STRING) return object_name({str(n)}, expected);
    throw Unmodeled{};
  }
  std::string type_object_name(const PgQuery__TypeName* tn) {
    if (!tn || tn->n_array_bounds > 0 || tn->n_typmods > 0) throw Unmodeled{};
    return object_name(strings(tn->names, tn->n_names));
  }

  // ---- types

  struct ColumnType {
    std::string sql;
    bool serial = false;
  };

  // The type as model::Type::sql() spells it; other types keep PostgreSQL's usual name.
  ColumnType column_type(const PgQuery__TypeName* tn) {
    if (!tn || tn->n_names == 0) fail(-1, "column has no type");
    if (tn->setof || tn->pct_type) fail(tn->location, "a column type cannot be SETOF or %TYPE");
    std::vector<std::string> names = strings(tn->names, tn->n_names);
    std::vector<int> mods;
    for (std::size_t i = 0; i < tn->n_typmods; ++i) {
      const PgQuery__Node* m = tn->typmods[i];
      if (m->node_case != PG_QUERY__NODE__NODE_A_CONST || m->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL) {
        unsupported(tn->location, "a type modifier that is not an integer");
        continue;
      }
      mods.push_back(m->a_const->ival->ival);
    }
    auto with_mods = [&](const std::string& base) {
      if (mods.empty()) return base;
      std::string out = base + "(";
      for (std::size_t i = 0; i < mods.size(); ++i) out += (i ? "," : "") + std::to_string(mods[i]);
      return out + ")";
    };
    std::string base;
    bool builtin = false;
    if (names.size() == 2 && names[0] == "pg_catalog") {
      base = names[1];
      builtin = true;
    } else if (names.size() == 2 && names[0] == "public") {
      base = names[1];
    } else if (names.size() == 1) {
      base = names[0];
      builtin = !enum_type(base);
    } else {
      unsupported(tn->location, "a type of another schema (" + join(names, ".") + ")");
      base = join(names, ".");
    }
    ColumnType out;
    const bool array = tn->n_array_bounds > 0;
    if (names.size() == 1 && (base == "serial" || base == "serial4" || base == "bigserial" || base == "serial8" ||
                              base == "smallserial" || base == "serial2")) {
      if (array || !mods.empty()) fail(tn->location, "a serial type takes no modifier and cannot be an array");
      out.serial = true;
      out.sql = base == "bigserial" || base == "serial8" ? "bigint" : base == "smallserial" || base == "serial2" ? "smallint" : "integer";
      return out;
    }
    if (builtin) {
      static const std::map<std::string, std::string> kSpelling = {
          {"int2", "smallint"},     {"smallint", "smallint"}, {"int4", "integer"},    {"int", "integer"},
          {"integer", "integer"},   {"int8", "bigint"},       {"bigint", "bigint"},   {"float4", "real"},
          {"real", "real"},         {"float8", "double precision"},                   {"bool", "boolean"},
          {"boolean", "boolean"},   {"decimal", "numeric"},   {"numeric", "numeric"}, {"varchar", "varchar"},
          {"text", "text"},         {"date", "date"},         {"timestamptz", "timestamptz"},
          {"timestamp", "timestamp"}, {"jsonb", "jsonb"},     {"bytea", "bytea"},     {"uuid", "uuid"}};
      auto it = kSpelling.find(base);
      std::string spelled = it == kSpelling.end() ? base : it->second;
      if (spelled == "numeric" && mods.size() == 1) mods.push_back(0);  // numeric(p) is numeric(p,0)
      if (spelled == "bpchar") spelled = mods.empty() ? "bpchar" : "character";
      out.sql = with_mods(spelled);
    } else {
      if (!mods.empty()) fail(tn->location, "type modifier is not allowed for type \"" + base + "\"");
      out.sql = base;
    }
    if (array) out.sql += "[]";
    return out;
  }

  // ---- expressions

  std::string expression(PgQuery__Node* node, int location) {
    auto text = expression_text(node);
    if (!text) fail(location, "expression does not deparse");
    return *text;
  }
  static bool is_null_constant(const PgQuery__Node* n) {
    if (!n) return true;
    if (n->node_case == PG_QUERY__NODE__NODE_A_CONST) return n->a_const->isnull;
    if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) return is_null_constant(n->type_cast->arg);
    return false;
  }

  // ---- statements

  void apply(PgQuery__Node* n) {
    switch (n->node_case) {
      case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: return create_enum(n->create_enum_stmt);
      case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT: return alter_enum(n->alter_enum_stmt);
      case PG_QUERY__NODE__NODE_CREATE_STMT: return create_table(n->create_stmt);
      case PG_QUERY__NODE__NODE_INDEX_STMT: return create_index(n->index_stmt);
      case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: return alter_table(n->alter_table_stmt);
      case PG_QUERY__NODE__NODE_RENAME_STMT: return rename(n->rename_stmt);
      case PG_QUERY__NODE__NODE_DROP_STMT: return drop(n->drop_stmt);
      case PG_QUERY__NODE__NODE_COMMENT_STMT: return comment(n->comment_stmt);
      default: throw Unmodeled{};
    }
  }

  // CREATE TYPE ... AS ENUM
  void create_enum(const PgQuery__CreateEnumStmt* s) {
    std::string name = object_name(strings(s->type_name, s->n_type_name));
    if (enum_type(name) || table(name)) fail(-1, "type \"" + name + "\" already exists");
    catalog::Enum e;
    e.name = name;
    for (const auto& v : strings(s->vals, s->n_vals)) {
      if (contains(e.values, v)) fail(-1, "enum label \"" + v + "\" used more than once");
      e.values.push_back(v);
    }
    work_.enums.push_back(std::move(e));
  }

  // ALTER TYPE ... ADD VALUE / RENAME VALUE
  void alter_enum(const PgQuery__AlterEnumStmt* s) {
    std::string name = object_name(strings(s->type_name, s->n_type_name));
    catalog::Enum* e = enum_type(name);
    if (!e) fail(-1, "type \"" + name + "\" does not exist");
    const std::string value = s->new_val ? s->new_val : "";
    if (set(s->old_val)) {
      const std::string old = s->old_val;
      auto it = std::find(e->values.begin(), e->values.end(), old);
      if (it == e->values.end()) fail(-1, "\"" + old + "\" is not an existing enum label of type \"" + name + "\"");
      if (contains(e->values, value)) fail(-1, "enum label \"" + value + "\" already exists");
      *it = value;
      rename_enum_value(name, old, value);
      return;
    }
    if (contains(e->values, value)) {
      if (s->skip_if_new_val_exists) return;
      fail(-1, "enum label \"" + value + "\" already exists");
    }
    if (!set(s->new_val_neighbor)) {
      e->values.push_back(value);
      return;
    }
    auto it = std::find(e->values.begin(), e->values.end(), std::string(s->new_val_neighbor));
    if (it == e->values.end())
      fail(-1, "\"" + std::string(s->new_val_neighbor) + "\" is not an existing enum label of type \"" + name + "\"");
    e->values.insert(s->new_val_is_after ? it + 1 : it, value);
  }

  // CREATE TABLE
  void create_table(const PgQuery__CreateStmt* s) {
    const std::string name = relation_name(s->relation);
    const std::string persistence = s->relation->relpersistence ? s->relation->relpersistence : "p";
    if (persistence == "t") throw Unmodeled{};  // a temporary table is no part of the schema
    if (persistence == "u") unsupported(s->relation->location, "UNLOGGED");
    if (s->n_inh_relations) unsupported(s->relation->location, "INHERITS");
    if (s->partbound || s->partspec) unsupported(s->relation->location, "partitioning");
    if (s->of_typename) unsupported(s->relation->location, "a typed table (OF type)");
    if (s->n_options) unsupported(s->relation->location, "storage parameters (WITH ...)");
    if (set(s->access_method)) unsupported(s->relation->location, "a table access method");
    if (set(s->tablespacename)) unsupported(s->relation->location, "a tablespace");
    if (relation_exists(name) || enum_type(name)) {
      if (s->if_not_exists && table(name)) return;  // PostgreSQL: a notice, nothing else
      fail(s->relation->location, "relation \"" + name + "\" already exists");
    }
    catalog::Table t;
    t.name = name;
    std::vector<PendingConstraint> pending;
    for (std::size_t i = 0; i < s->n_table_elts; ++i) {
      PgQuery__Node* elt = s->table_elts[i];
      if (elt->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
        const auto* cd = elt->column_def;
        if (column(t, cd->colname)) fail(cd->location, "column \"" + std::string(cd->colname) + "\" specified more than once");
        t.columns.push_back(column_definition(name, cd, pending));
      } else if (elt->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
        if (auto c = table_constraint(elt->constraint)) pending.push_back(std::move(*c));
      } else {
        unsupported(-1, "LIKE and other table elements besides columns and constraints");
      }
    }
    for (std::size_t i = 0; i < s->n_constraints; ++i)
      if (s->constraints[i]->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
        if (auto c = table_constraint(s->constraints[i]->constraint)) pending.push_back(std::move(*c));
    work_.tables.push_back(std::move(t));
    add_constraints(name, std::move(pending), /*dedupe_indexes=*/true);
  }

  // A column with its inline constraints; the constraints go to `pending`.
  catalog::Column column_definition(const std::string& table_name, const PgQuery__ColumnDef* cd,
                                    std::vector<PendingConstraint>& pending) {
    catalog::Column c;
    c.name = cd->colname;
    ColumnType type = column_type(cd->type_name);
    c.type = type.sql;
    if (type.serial) {
      // What PostgreSQL makes of serial: a NOT NULL integer whose default is its sequence.
      c.not_null = true;
      const std::string seq = make_object_name(table_name, c.name, "seq");
      c.default_expr = sql::canonical_expression("nextval(" + sql::quote_literal(seq) + "::regclass)").value_or("");
    }
    if (cd->coll_clause) unsupported(cd->location, "COLLATE");
    if (set(cd->compression)) unsupported(cd->location, "COMPRESSION");
    if (set(cd->storage)) unsupported(cd->location, "STORAGE");
    if (cd->raw_default && !is_null_constant(cd->raw_default)) c.default_expr = expression(cd->raw_default, cd->location);
    bool has_default = false;
    for (std::size_t i = 0; i < cd->n_constraints; ++i) {
      const PgQuery__Node* n = cd->constraints[i];
      if (n->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) continue;
      const PgQuery__Constraint* k = n->constraint;
      switch (k->contype) {
        case PG_QUERY__CONSTR_TYPE__CONSTR_NULL: c.not_null = false; break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL: c.not_null = true; break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
          if (has_default || type.serial)
            fail(k->location, "multiple default values specified for column \"" + c.name + "\" of table \"" + table_name + "\"");
          has_default = true;
          // A NULL default is no default: PostgreSQL stores none.
          c.default_expr = is_null_constant(k->raw_expr) ? "" : expression(k->raw_expr, k->location);
          break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
          c.generated = expression(k->raw_expr, k->location);
          break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY: unsupported(k->location, "an identity column"); break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED: unsupported(k->location, "a deferrable constraint"); break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE: break;
        default:
          if (auto pc = table_constraint(k, c.name)) pending.push_back(std::move(*pc));
      }
    }
    if (!c.generated.empty() && !c.default_expr.empty())
      fail(cd->location, "both default and generation expression specified for column \"" + c.name + "\" of table \"" +
                             table_name + "\"");
    return c;
  }

  // A constraint clause in catalog form; `column` is set for one written on a column.
  std::optional<PendingConstraint> table_constraint(const PgQuery__Constraint* k, const std::string& column = "") {
    PendingConstraint p;
    p.offset = k->location;
    p.named = set(k->conname);
    if (p.named) p.c.name = k->conname;
    if (k->deferrable || k->initdeferred) unsupported(k->location, "a deferrable constraint");
    auto keys = [&](PgQuery__Node** items, std::size_t n) {
      auto cols = strings(items, n);
      if (cols.empty() && !column.empty()) cols.push_back(column);
      return cols;
    };
    switch (k->contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
      case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
        p.c.kind = k->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ? ConstraintKind::PrimaryKey : ConstraintKind::Unique;
        p.c.columns = keys(k->keys, k->n_keys);
        p.c.nulls_not_distinct = k->nulls_not_distinct;
        if (k->n_including) unsupported(k->location, "INCLUDE columns of a constraint's index");
        if (k->n_options) unsupported(k->location, "storage parameters of a constraint's index");
        if (set(k->indexspace)) unsupported(k->location, "a tablespace of a constraint's index");
        if (set(k->indexname)) unsupported(k->location, "a constraint USING INDEX");
        return p;
      case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
        p.c.kind = ConstraintKind::Check;
        p.c.expression = expression(k->raw_expr, k->location);
        if (k->is_no_inherit) unsupported(k->location, "NO INHERIT");
        return p;
      case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: {
        p.c.kind = ConstraintKind::ForeignKey;
        p.c.columns = keys(k->fk_attrs, k->n_fk_attrs);
        if (!k->pktable || set(k->pktable->catalogname) ||
            (set(k->pktable->schemaname) && std::string(k->pktable->schemaname) != "public")) {
          unsupported(k->location, "a foreign key into another schema");
          return std::nullopt;
        }
        p.c.ref_table = k->pktable->relname;
        p.c.ref_columns = strings(k->pk_attrs, k->n_pk_attrs);
        p.resolve_ref_columns = p.c.ref_columns.empty();
        const std::string del = k->fk_del_action ? k->fk_del_action : "a";
        p.c.on_delete = del == "r" ? "RESTRICT" : del == "c" ? "CASCADE" : del == "n" ? "SET NULL" : del == "d" ? "SET DEFAULT" : "";
        p.c.set_null_columns = strings(k->fk_del_set_cols, k->n_fk_del_set_cols);
        if (set(k->fk_upd_action) && std::string(k->fk_upd_action) != "a") unsupported(k->location, "ON UPDATE");
        if (set(k->fk_matchtype) && std::string(k->fk_matchtype) != "s") unsupported(k->location, "MATCH FULL / PARTIAL");
        return p;
      }
      case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION: unsupported(k->location, "an EXCLUDE constraint"); return std::nullopt;
      default: unsupported(k->location, "this constraint"); return std::nullopt;
    }
  }

  // Names, checks and adds constraints to a table in the order PostgreSQL creates them:
  // checks, then the primary key, unique constraints, foreign keys (which is the order in
  // which unnamed ones claim their names). `dedupe_indexes`: CREATE TABLE drops a unique
  // constraint that repeats the primary key or an earlier one (the name goes to the first).
  void add_constraints(const std::string& table_name, std::vector<PendingConstraint> pending, bool dedupe_indexes) {
    if (dedupe_indexes) {
      std::vector<PendingConstraint> kept;
      auto same_index = [](const PendingConstraint& a, const PendingConstraint& b) {
        return a.c.columns == b.c.columns && a.c.nulls_not_distinct == b.c.nulls_not_distinct;
      };
      // The primary key comes first among the indexes, as in transformIndexConstraints.
      std::stable_partition(pending.begin(), pending.end(),
                            [](const PendingConstraint& p) { return p.c.kind != ConstraintKind::Unique; });
      for (auto& p : pending) {
        bool keep = true;
        if (p.c.kind == ConstraintKind::Unique) {
          for (auto& prior : kept) {
            if (!owns_index(prior.c) || !same_index(prior, p)) continue;
            if (!prior.named && p.named) {
              prior.named = true;
              prior.c.name = p.c.name;
            }
            keep = false;
            break;
          }
        }
        if (keep) kept.push_back(std::move(p));
      }
      pending = std::move(kept);
    }
    auto rank = [](ConstraintKind k) {
      switch (k) {
        case ConstraintKind::Check: return 0;
        case ConstraintKind::PrimaryKey: return 1;
        case ConstraintKind::Unique: return 2;
        case ConstraintKind::ForeignKey: return 3;
      }
      return 4;
    };
    std::vector<std::size_t> order(pending.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return rank(pending[a].c.kind) < rank(pending[b].c.kind); });
    for (std::size_t i : order) add_constraint(table_name, pending[i]);
  }

  void add_constraint(const std::string& table_name, PendingConstraint& p) {
    catalog::Table& t = existing_table(table_name, p.offset);
    catalog::Constraint& c = p.c;
    auto check_columns = [&](const std::vector<std::string>& cols, const catalog::Table& of) {
      for (const auto& col : cols)
        if (!of.column(col))
          fail(p.offset, "column \"" + col + "\" named in key does not exist in table \"" + of.name + "\"");
    };
    check_columns(c.columns, t);
    if (c.kind == ConstraintKind::Check) {
      for (const auto& col : columns_read(c.expression))
        if (!t.column(col)) fail(p.offset, "column \"" + col + "\" does not exist in table \"" + t.name + "\"");
    }
    if (c.kind == ConstraintKind::PrimaryKey) {
      for (const auto& other : t.constraints)
        if (other.kind == ConstraintKind::PrimaryKey)
          fail(p.offset, "multiple primary keys for table \"" + t.name + "\" are not allowed");
    }
    if (c.kind == ConstraintKind::ForeignKey) {
      catalog::Table* target = table(c.ref_table);
      if (!target) fail(p.offset, "relation \"" + c.ref_table + "\" does not exist");
      if (p.resolve_ref_columns) {
        for (const auto& k : target->constraints)
          if (k.kind == ConstraintKind::PrimaryKey) c.ref_columns = k.columns;
        if (c.ref_columns.empty()) fail(p.offset, "there is no primary key for referenced table \"" + target->name + "\"");
      }
      check_columns(c.ref_columns, *target);
      if (c.ref_columns.size() != c.columns.size())
        fail(p.offset, "number of referencing and referenced columns for foreign key disagree");
      for (const auto& col : c.set_null_columns)
        if (!contains(c.columns, col))
          fail(p.offset, "column \"" + col + "\" referenced in ON DELETE SET action must be part of foreign key");
    }
    if (p.named) {
      if (constraint(t, c.name)) fail(p.offset, "constraint \"" + c.name + "\" for relation \"" + t.name + "\" already exists");
      if (owns_index(c) && relation_exists(c.name)) fail(p.offset, "relation \"" + c.name + "\" already exists");
    } else {
      auto constraint_taken = [&](const std::string& n) { return constraint_name_used(n); };
      auto index_taken = [&](const std::string& n) { return relation_exists(n) || constraint_name_used(n); };
      switch (c.kind) {
        case ConstraintKind::Check: {
          auto cols = columns_read(c.expression);
          c.name = choose_name(t.name, cols.size() == 1 ? std::optional<std::string>(cols[0]) : std::nullopt, "check",
                               constraint_taken);
          break;
        }
        case ConstraintKind::PrimaryKey: c.name = choose_name(t.name, std::nullopt, "pkey", index_taken); break;
        case ConstraintKind::Unique: c.name = choose_name(t.name, name_addition(c.columns), "key", index_taken); break;
        case ConstraintKind::ForeignKey:
          c.name = choose_name(t.name, name_addition(c.columns), "fkey", constraint_taken);
          break;
      }
    }
    if (c.kind == ConstraintKind::PrimaryKey)
      for (const auto& col : c.columns) column(t, col)->not_null = true;
    t.constraints.push_back(std::move(c));
  }

  // CREATE INDEX
  void create_index(const PgQuery__IndexStmt* s) {
    const std::string table_name = relation_name(s->relation);
    // What the catalog's Index cannot hold makes the index a hand-made object.
    if (s->n_index_including_params || s->n_options || set(s->table_space) || s->n_exclude_op_names) throw Unmodeled{};
    catalog::Index ix;
    ix.table = table_name;
    ix.method = set(s->access_method) ? s->access_method : "btree";
    ix.unique = s->unique;
    ix.nulls_not_distinct = s->nulls_not_distinct;
    for (std::size_t i = 0; i < s->n_index_params; ++i) {
      const PgQuery__Node* n = s->index_params[i];
      if (n->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM) throw Unmodeled{};
      const PgQuery__IndexElem* e = n->index_elem;
      if (e->n_collation || e->n_opclass || e->n_opclassopts) throw Unmodeled{};
      catalog::IndexKey key;
      if (set(e->name)) {
        key.column = e->name;
      } else if (e->expr && e->expr->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && e->expr->column_ref->n_fields == 1) {
        key.column = str(e->expr->column_ref->fields[0]);  // `(col)`: PostgreSQL makes it a plain column
      } else {
        throw Unmodeled{};  // an expression index
      }
      if (key.column.empty()) throw Unmodeled{};
      key.desc = e->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
      if (e->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_USING) throw Unmodeled{};
      // NULLS FIRST / LAST is only the default order here (DESC puts NULLs first).
      if ((e->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST && !key.desc) ||
          (e->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && key.desc))
        throw Unmodeled{};
      ix.keys.push_back(std::move(key));
    }
    catalog::Table& t = existing_table(table_name, s->relation->location);
    for (const auto& k : ix.keys)
      if (!t.column(k.column)) fail(s->relation->location, "column \"" + k.column + "\" does not exist");
    if (s->where_clause) {
      ix.where = expression(s->where_clause, s->relation->location);
      for (const auto& col : columns_read(ix.where))
        if (!t.column(col)) fail(s->relation->location, "column \"" + col + "\" does not exist");
    }
    if (set(s->idxname)) {
      ix.name = s->idxname;
      if (relation_exists(ix.name)) {
        if (s->if_not_exists) return;
        fail(s->relation->location, "relation \"" + ix.name + "\" already exists");
      }
    } else {
      std::vector<std::string> cols;
      for (const auto& k : ix.keys) cols.push_back(k.column);
      ix.name = choose_name(table_name, name_addition(cols), "idx", [&](const std::string& n) { return relation_exists(n); });
    }
    work_.indexes.push_back(std::move(ix));
  }

  // ALTER TABLE
  void alter_table(const PgQuery__AlterTableStmt* s) {
    if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) throw Unmodeled{};  // ALTER INDEX / VIEW ... SET ...
    const std::string name = relation_name(s->relation);
    auto modelled = [](PgQuery__AlterTableType t) {
      switch (t) {
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint: return true;
        default: return false;
      }
    };
    bool any = false;
    for (std::size_t i = 0; i < s->n_cmds; ++i)
      if (s->cmds[i]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD && modelled(s->cmds[i]->alter_table_cmd->subtype))
        any = true;
    // Nothing the catalog holds (OWNER TO, ENABLE ROW LEVEL SECURITY, SET (...)): hand-made.
    if (!any) throw Unmodeled{};
    if (!table(name)) {
      if (s->missing_ok) return;
      fail(s->relation->location, "relation \"" + name + "\" does not exist");
    }
    for (std::size_t i = 0; i < s->n_cmds; ++i) {
      const PgQuery__AlterTableCmd* cmd = s->cmds[i]->alter_table_cmd;
      if (!modelled(cmd->subtype)) {
        unsupported(s->relation->location, "this ALTER TABLE action");
        continue;
      }
      alter_table_cmd(name, cmd, s->relation->location);
    }
  }

  static int node_location(const PgQuery__Node* n, int fallback) {
    if (!n) return fallback;
    if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) return n->column_def->location;
    if (n->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) return n->constraint->location;
    return fallback;
  }

  void alter_table_cmd(const std::string& table_name, const PgQuery__AlterTableCmd* cmd, int stmt_location) {
    const int loc = node_location(cmd->def, stmt_location);
    const std::string col = cmd->name ? cmd->name : "";
    const bool cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    auto existing_column = [&]() -> catalog::Column& {
      catalog::Table& t = existing_table(table_name, loc);
      if (auto* c = column(t, col)) return *c;
      fail(loc, "column \"" + col + "\" of relation \"" + table_name + "\" does not exist");
    };
    switch (cmd->subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: {
        if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) fail(loc, "ADD COLUMN without a column");
        const PgQuery__ColumnDef* cd = cmd->def->column_def;
        catalog::Table& t = existing_table(table_name, loc);
        if (column(t, cd->colname)) {
          if (cmd->missing_ok) return;  // ADD COLUMN IF NOT EXISTS
          fail(loc, "column \"" + std::string(cd->colname) + "\" of relation \"" + table_name + "\" already exists");
        }
        std::vector<PendingConstraint> pending;
        catalog::Column c = column_definition(table_name, cd, pending);
        existing_table(table_name, loc).columns.push_back(std::move(c));
        add_constraints(table_name, std::move(pending), /*dedupe_indexes=*/true);
        return;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn: {
        catalog::Table& t = existing_table(table_name, loc);
        if (!column(t, col)) {
          if (cmd->missing_ok) return;
          fail(loc, "column \"" + col + "\" of relation \"" + table_name + "\" does not exist");
        }
        drop_column(table_name, col, cascade, loc);
        return;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: {
        catalog::Column& c = existing_column();
        if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) fail(loc, "ALTER COLUMN TYPE without a type");
        const PgQuery__ColumnDef* cd = cmd->def->column_def;
        if (cd->coll_clause) unsupported(loc, "COLLATE");
        ColumnType type = column_type(cd->type_name);
        if (type.serial) fail(loc, "type \"serial\" does not exist");
        for (const auto& other : existing_table(table_name, loc).columns)
          if (other.name != col && contains(columns_read(other.generated), col))
            fail(loc, "cannot alter type of a column used by a generated column");
        c.type = type.sql;  // USING only says how the stored values convert
        return;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull: existing_column().not_null = true; return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull: {
        catalog::Column& c = existing_column();
        for (const auto& k : existing_table(table_name, loc).constraints)
          if (k.kind == ConstraintKind::PrimaryKey && contains(k.columns, col))
            fail(loc, "column \"" + col + "\" is in a primary key");
        c.not_null = false;
        return;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault: {
        catalog::Column& c = existing_column();
        if (!c.generated.empty())
          fail(loc, "column \"" + col + "\" of relation \"" + table_name + "\" is a generated column");
        c.default_expr = is_null_constant(cmd->def) ? "" : expression(cmd->def, loc);
        return;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression: {
        catalog::Column& c = existing_column();
        if (c.generated.empty()) {
          if (cmd->missing_ok) return;
          fail(loc, "column \"" + col + "\" of relation \"" + table_name + "\" is not a stored generated column");
        }
        c.generated.clear();
        return;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint: {
        if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) fail(loc, "ADD CONSTRAINT without a constraint");
        std::vector<PendingConstraint> pending;
        if (auto p = table_constraint(cmd->def->constraint)) {
          // NOT VALID counts only here: on CREATE TABLE, PostgreSQL marks the constraint valid.
          if (p->c.kind == ConstraintKind::Check || p->c.kind == ConstraintKind::ForeignKey)
            p->c.valid = !cmd->def->constraint->skip_validation;
          pending.push_back(std::move(*p));
        }
        add_constraints(table_name, std::move(pending), /*dedupe_indexes=*/false);
        return;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint: {
        catalog::Table& t = existing_table(table_name, loc);
        if (!constraint(t, col)) {
          if (cmd->missing_ok) return;
          fail(loc, "constraint \"" + col + "\" of relation \"" + table_name + "\" does not exist");
        }
        drop_constraint(table_name, col, cascade, loc);
        return;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint: {
        catalog::Constraint* c = constraint(existing_table(table_name, loc), col);
        if (!c) fail(loc, "constraint \"" + col + "\" of relation \"" + table_name + "\" does not exist");
        c->valid = true;
        return;
      }
      default: unsupported(loc, "this ALTER TABLE action"); return;
    }
  }

  // Foreign keys (table, constraint name) that rely on `t`'s PRIMARY KEY / UNIQUE constraint `c`.
  std::vector<std::pair<std::string, std::string>> dependent_foreign_keys(const std::string& t,
                                                                          const catalog::Constraint& c) {
    std::vector<std::pair<std::string, std::string>> out;
    auto sorted = [](std::vector<std::string> v) {
      std::sort(v.begin(), v.end());
      return v;
    };
    for (const auto& other : work_.tables)
      for (const auto& k : other.constraints)
        if (k.kind == ConstraintKind::ForeignKey && k.ref_table == t && sorted(k.ref_columns) == sorted(c.columns))
          out.emplace_back(other.name, k.name);
    return out;
  }

  void remove_constraint(const std::string& table_name, const std::string& name) {
    if (auto* t = table(table_name))
      std::erase_if(t->constraints, [&](const catalog::Constraint& c) { return c.name == name; });
  }

  void drop_constraint(const std::string& table_name, const std::string& name, bool cascade, int loc) {
    catalog::Table& t = existing_table(table_name, loc);
    const catalog::Constraint c = *constraint(t, name);
    if (owns_index(c)) {
      auto deps = dependent_foreign_keys(table_name, c);
      if (!deps.empty() && !cascade)
        fail(loc, "cannot drop constraint " + name + " on table " + table_name + " because constraint " +
                      deps.front().second + " on table " + deps.front().first +
                      " depends on it (use DROP ... CASCADE to drop the dependent objects too)");
      for (const auto& [dt, dc] : deps) remove_constraint(dt, dc);
    }
    remove_constraint(table_name, name);
  }

  // DROP COLUMN: the column's own constraints and indexes go with it (PostgreSQL drops every
  // table constraint and index that involves the column); objects elsewhere that depend on
  // it (a foreign key into it, a generated column reading it) need CASCADE.
  void drop_column(const std::string& table_name, const std::string& col, bool cascade, int loc) {
    catalog::Table& t = existing_table(table_name, loc);
    auto needs_cascade = [&](const std::string& what) {
      if (!cascade)
        fail(loc, "cannot drop column " + col + " of table " + table_name + " because " + what +
                      " depends on it (use DROP ... CASCADE to drop the dependent objects too)");
    };
    std::vector<std::string> generated;
    for (const auto& c : t.columns)
      if (c.name != col && !c.generated.empty() && contains(columns_read(c.generated), col)) generated.push_back(c.name);
    for (const auto& g : generated) needs_cascade("column " + g + " of table " + table_name);
    for (const auto& k : t.constraints) {
      if (!owns_index(k) || !contains(k.columns, col)) continue;
      for (const auto& [dt, dc] : dependent_foreign_keys(table_name, k))
        if (dt != table_name || !contains(constraint(t, dc)->columns, col))
          needs_cascade("constraint " + dc + " on table " + dt);
    }
    for (const auto& g : generated)
      if (table(table_name)->column(g)) drop_column(table_name, g, true, loc);
    catalog::Table& tt = existing_table(table_name, loc);
    std::vector<std::string> doomed;
    for (const auto& k : tt.constraints) {
      bool involves = contains(k.columns, col) || contains(k.set_null_columns, col) ||
                      (k.kind == ConstraintKind::Check && contains(columns_read(k.expression), col)) ||
                      (k.kind == ConstraintKind::ForeignKey && k.ref_table == table_name && contains(k.ref_columns, col));
      if (involves) doomed.push_back(k.name);
    }
    for (const auto& name : doomed)
      if (auto* k = constraint(tt, name)) {
        if (owns_index(*k))
          for (const auto& [dt, dc] : dependent_foreign_keys(table_name, *k)) remove_constraint(dt, dc);
        remove_constraint(table_name, name);
      }
    std::erase_if(work_.indexes, [&](const catalog::Index& ix) {
      if (ix.table != table_name) return false;
      for (const auto& k : ix.keys)
        if (k.column == col) return true;
      return contains(columns_read(ix.where), col);
    });
    std::erase_if(existing_table(table_name, loc).columns, [&](const catalog::Column& c) { return c.name == col; });
  }

  // RENAME
  void rename(const PgQuery__RenameStmt* s) {
    const std::string to = s->newname ? s->newname : "";
    switch (s->rename_type) {
      case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: return rename_relation(relation_name(s->relation), to, s->missing_ok, s->relation->location);
      case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
        if (s->relation_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) throw Unmodeled{};
        const std::string t = relation_name(s->relation);
        if (!table(t)) {
          if (s->missing_ok) return;
          fail(s->relation->location, "relation \"" + t + "\" does not exist");
        }
        return rename_column(t, s->subname ? s->subname : "", to, s->relation->location);
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: {
        const std::string t = relation_name(s->relation);
        if (!table(t)) {
          if (s->missing_ok) return;
          fail(s->relation->location, "relation \"" + t + "\" does not exist");
        }
        return rename_constraint(t, s->subname ? s->subname : "", to, s->relation->location);
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: return rename_type(list_name(s->object), to);
      default: throw Unmodeled{};
    }
  }

  void rename_relation(const std::string& from, const std::string& to, bool missing_ok, int loc) {
    const bool known = table(from) || index(from) || constraint_index_owner(from);
    if (!known) {
      if (missing_ok) return;
      fail(loc, "relation \"" + from + "\" does not exist");
    }
    if (relation_exists(to) || (table(from) && enum_type(to))) fail(loc, "relation \"" + to + "\" already exists");
    if (auto* t = table(from)) {
      t->name = to;
      for (auto& ix : work_.indexes)
        if (ix.table == from) ix.table = to;
      for (auto& other : work_.tables)
        for (auto& k : other.constraints)
          if (k.kind == ConstraintKind::ForeignKey && k.ref_table == from) k.ref_table = to;
    } else if (auto* ix = index(from)) {
      ix->name = to;
    } else if (auto* owner = constraint_index_owner(from)) {
      constraint(*owner, from)->name = to;  // renaming a constraint's index renames the constraint
    }
  }

  void rename_constraint(const std::string& table_name, const std::string& from, const std::string& to, int loc) {
    catalog::Table& t = existing_table(table_name, loc);
    catalog::Constraint* c = constraint(t, from);
    if (!c) fail(loc, "constraint \"" + from + "\" for table \"" + table_name + "\" does not exist");
    if (constraint(t, to)) fail(loc, "constraint \"" + to + "\" for relation \"" + table_name + "\" already exists");
    if (owns_index(*c) && relation_exists(to)) fail(loc, "relation \"" + to + "\" already exists");
    c->name = to;
  }

  void rename_column(const std::string& table_name, const std::string& from, const std::string& to, int loc) {
    catalog::Table& t = existing_table(table_name, loc);
    catalog::Column* c = column(t, from);
    if (!c) fail(loc, "column \"" + from + "\" does not exist");
    if (column(t, to)) fail(loc, "column \"" + to + "\" of relation \"" + table_name + "\" already exists");
    c->name = to;
    auto rename_in = [&](std::vector<std::string>& v) { std::replace(v.begin(), v.end(), from, to); };
    auto refs = [&](const std::string& expr) { return rename_column_refs(expr, table_name, from, to); };
    for (auto& col : t.columns) col.generated = refs(col.generated);
    for (auto& k : t.constraints) {
      rename_in(k.columns);
      rename_in(k.set_null_columns);
      if (k.kind == ConstraintKind::Check) k.expression = refs(k.expression);
    }
    for (auto& other : work_.tables)
      for (auto& k : other.constraints)
        if (k.kind == ConstraintKind::ForeignKey && k.ref_table == table_name) rename_in(k.ref_columns);
    for (auto& ix : work_.indexes) {
      if (ix.table != table_name) continue;
      for (auto& key : ix.keys)
        if (key.column == from) key.column = to;
      ix.where = refs(ix.where);
    }
  }

  static std::string rename_column_refs(const std::string& expr, const std::string& table_name, const std::string& from,
                                        const std::string& to) {
    return rewrite_expression(expr, [&](ProtobufCMessage* m, Patches& p) {
      if (!is(m, pg_query__column_ref__descriptor)) return false;
      auto* ref = reinterpret_cast<PgQuery__ColumnRef*>(m);
      PgQuery__Node* last = ref->n_fields ? ref->fields[ref->n_fields - 1] : nullptr;
      const bool ours = ref->n_fields == 1 || (ref->n_fields == 2 && str(ref->fields[0]) == table_name);
      if (!ours || !last || last->node_case != PG_QUERY__NODE__NODE_STRING || str(last) != from) return false;
      p.set(&last->string->sval, to);
      return true;
    });
  }

  void rename_type(const std::string& from, const std::string& to) {
    catalog::Enum* e = enum_type(from);
    if (!e) fail(-1, "type \"" + from + "\" does not exist");
    if (enum_type(to) || table(to)) fail(-1, "type \"" + to + "\" already exists");
    e->name = to;
    auto expr = [&](const std::string& x) {
      return rewrite_expression(x, [&](ProtobufCMessage* m, Patches& p) {
        if (!is(m, pg_query__type_name__descriptor)) return false;
        auto* tn = reinterpret_cast<PgQuery__TypeName*>(m);
        auto en = enum_of(tn);
        if (!en || en->first != from) return false;
        p.set(&tn->names[tn->n_names - 1]->string->sval, to);
        return true;
      });
    };
    for_each_expression(expr);
    for (auto& t : work_.tables)
      for (auto& c : t.columns) {
        if (c.type == from) c.type = to;
        if (c.type == from + "[]") c.type = to + "[]";
      }
  }

  void for_each_expression(const std::function<std::string(const std::string&)>& f) {
    for (auto& t : work_.tables) {
      for (auto& c : t.columns) {
        c.default_expr = f(c.default_expr);
        c.generated = f(c.generated);
      }
      for (auto& k : t.constraints) k.expression = f(k.expression);
    }
    for (auto& ix : work_.indexes) ix.where = f(ix.where);
  }

  // An enum value renamed: wherever a constant of the enum shows, it shows the new label.
  // Recognised: a column's default (its type says it is the enum's), casts to the enum or
  // its array type, and comparisons / IN lists of a column of the enum with constants.
  void rename_enum_value(const std::string& type, const std::string& from, const std::string& to) {
    for (auto& t : work_.tables) {
      std::map<std::string, bool> typed;  // column -> is an array of the enum
      for (const auto& c : t.columns) {
        if (c.type == type) typed[c.name] = false;
        if (c.type == type + "[]") typed[c.name] = true;
      }
      auto column_of = [&](const PgQuery__Node* n) -> std::optional<bool> {
        if (!n || n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF) return std::nullopt;
        const auto* ref = n->column_ref;
        if (ref->n_fields == 0) return std::nullopt;
        auto it = typed.find(str(ref->fields[ref->n_fields - 1]));
        if (it == typed.end()) return std::nullopt;
        return it->second;
      };
      auto edit = [&](ProtobufCMessage* m, Patches& p) {
        bool changed = false;
        if (is(m, pg_query__type_cast__descriptor)) {
          auto* cast = reinterpret_cast<PgQuery__TypeCast*>(m);
          auto en = enum_of(cast->type_name);
          if (en && en->first == type) changed = rename_in_constant(cast->arg, en->second, from, to, p);
        } else if (is(m, pg_query__a__expr__descriptor)) {
          auto* e = reinterpret_cast<PgQuery__AExpr*>(m);
          auto rename_side = [&](PgQuery__Node* other, bool array) {
            if (other && other->node_case == PG_QUERY__NODE__NODE_LIST) {
              bool any = false;
              for (std::size_t i = 0; i < other->list->n_items; ++i)
                any = rename_in_constant(other->list->items[i], array, from, to, p) || any;
              return any;
            }
            return rename_in_constant(other, array, from, to, p);
          };
          if (auto a = column_of(e->lexpr)) changed = rename_side(e->rexpr, *a) || changed;
          if (auto a = column_of(e->rexpr)) changed = rename_side(e->lexpr, *a) || changed;
        }
        return changed;
      };
      for (auto& c : t.columns) {
        if (typed.count(c.name)) {
          c.default_expr = rename_bare_default(rewrite_expression(c.default_expr, edit), typed[c.name], from, to);
        } else {
          c.default_expr = rewrite_expression(c.default_expr, edit);
        }
        c.generated = rewrite_expression(c.generated, edit);
      }
      for (auto& k : t.constraints) k.expression = rewrite_expression(k.expression, edit);
      for (auto& ix : work_.indexes)
        if (ix.table == t.name) ix.where = rewrite_expression(ix.where, edit);
    }
  }

  // A default that is just a string constant of the column's (enum) type.
  static std::string rename_bare_default(const std::string& expr, bool array, const std::string& from,
                                         const std::string& to) {
    Tree tree = parse_protobuf("SELECT (" + expr + "\n)", nullptr);
    PgQuery__ResTarget* target = tree ? select_target(*tree) : nullptr;
    if (!target || !target->val || target->val->node_case != PG_QUERY__NODE__NODE_A_CONST) return expr;
    Patches patches;
    if (!rename_in_constant(target->val, array, from, to, patches)) return expr;
    return expression_text(target->val).value_or(expr);
  }

  // DROP TABLE / INDEX / TYPE
  void drop(const PgQuery__DropStmt* s) {
    const bool cascade = s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    switch (s->remove_type) {
      case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: {
        std::vector<std::string> names;
        for (std::size_t i = 0; i < s->n_objects; ++i) names.push_back(list_name(s->objects[i]));
        return drop_tables(names, cascade, s->missing_ok);
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        for (std::size_t i = 0; i < s->n_objects; ++i) drop_index(list_name(s->objects[i]), s->missing_ok);
        return;
      case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
        for (std::size_t i = 0; i < s->n_objects; ++i) {
          const PgQuery__Node* n = s->objects[i];
          if (n->node_case != PG_QUERY__NODE__NODE_TYPE_NAME) throw Unmodeled{};
          drop_type(type_object_name(n->type_name), cascade, s->missing_ok, n->type_name->location);
        }
        return;
      default: throw Unmodeled{};
    }
  }

  void drop_tables(const std::vector<std::string>& names, bool cascade, bool missing_ok) {
    std::vector<std::string> doomed;
    for (const auto& n : names) {
      if (table(n)) {
        doomed.push_back(n);
      } else if (!missing_ok) {
        // A hand-made relation (a view, a sequence) is not ours to know; still an error here.
        fail(-1, "table \"" + n + "\" does not exist");
      }
    }
    for (const auto& t : work_.tables) {
      if (contains(doomed, t.name)) continue;
      for (const auto& k : t.constraints)
        if (k.kind == ConstraintKind::ForeignKey && contains(doomed, k.ref_table) && !cascade)
          fail(-1, "cannot drop table " + k.ref_table + " because constraint " + k.name + " on table " + t.name +
                       " depends on it (use DROP ... CASCADE to drop the dependent objects too)");
    }
    for (auto& t : work_.tables)
      std::erase_if(t.constraints, [&](const catalog::Constraint& k) {
        return k.kind == ConstraintKind::ForeignKey && contains(doomed, k.ref_table);
      });
    std::erase_if(work_.indexes, [&](const catalog::Index& ix) { return contains(doomed, ix.table); });
    std::erase_if(work_.tables, [&](const catalog::Table& t) { return contains(doomed, t.name); });
  }

  void drop_index(const std::string& name, bool missing_ok) {
    if (auto* owner = constraint_index_owner(name))
      fail(-1, "cannot drop index " + name + " because constraint " + name + " on table " + owner->name +
                   " requires it (drop the constraint instead)");
    if (!index(name)) {
      if (missing_ok) return;
      fail(-1, "index \"" + name + "\" does not exist");
    }
    std::erase_if(work_.indexes, [&](const catalog::Index& ix) { return ix.name == name; });
  }

  void drop_type(const std::string& name, bool cascade, bool missing_ok, int loc) {
    if (!enum_type(name)) {
      if (missing_ok) return;
      fail(loc, "type \"" + name + "\" does not exist");
    }
    std::vector<std::pair<std::string, std::string>> users;
    for (const auto& t : work_.tables)
      for (const auto& c : t.columns)
        if (c.type == name || c.type == name + "[]") users.emplace_back(t.name, c.name);
    if (!users.empty() && !cascade)
      fail(loc, "cannot drop type " + name + " because column " + users.front().second + " of table " +
                    users.front().first + " depends on it (use DROP ... CASCADE to drop the dependent objects too)");
    for (const auto& [t, c] : users)
      if (table(t) && table(t)->column(c)) drop_column(t, c, true, loc);
    std::erase_if(work_.enums, [&](const catalog::Enum& e) { return e.name == name; });
  }

  // COMMENT ON TABLE / COLUMN / TYPE; NULL or '' removes the comment.
  void comment(const PgQuery__CommentStmt* s) {
    const std::string text = s->comment ? s->comment : "";
    switch (s->objtype) {
      case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: {
        const std::string name = list_name(s->object);
        existing_table(name, -1).comment = text;
        return;
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
        if (!s->object || s->object->node_case != PG_QUERY__NODE__NODE_LIST) throw Unmodeled{};
        auto parts = strings(s->object->list->items, s->object->list->n_items);
        if (parts.size() < 2) fail(-1, "column name must be qualified");
        const std::string col = parts.back();
        parts.pop_back();
        catalog::Table& t = existing_table(object_name(parts), -1);
        catalog::Column* c = column(t, col);
        if (!c) fail(-1, "column \"" + col + "\" of relation \"" + t.name + "\" does not exist");
        c->comment = text;
        return;
      }
      case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: {
        if (!s->object || s->object->node_case != PG_QUERY__NODE__NODE_TYPE_NAME) throw Unmodeled{};
        const std::string name = type_object_name(s->object->type_name);
        catalog::Enum* e = enum_type(name);
        if (!e) {
          if (table(name)) throw Unmodeled{};  // a table's row type
          fail(s->object->type_name->location, "type \"" + name + "\" does not exist");
        }
        e->comment = text;
        return;
      }
      default: throw Unmodeled{};
    }
  }
};

}  // namespace

void replay(catalog::Schema& schema, const std::vector<ReplayStatement>& statements, Diagnostics& diags,
            std::vector<UnmodeledStatement>* unmodeled) {
  Replayer r(schema, diags, unmodeled);
  for (const auto& st : statements) r.run(st);
}

std::vector<ReplayStatement> located_statements(const std::string& script, const SourceLoc& start, Diagnostics& diags) {
  std::vector<ReplayStatement> out;
  sql::ParseError err;
  auto statements = sql::split(script, &err);
  if (!statements) {
    diags.error(advance(start, script, static_cast<std::size_t>(err.offset)), "migration does not parse: " + err.message);
    return out;
  }
  for (const auto& s : *statements)
    out.push_back({s.text, advance(start, script, static_cast<std::size_t>(s.offset))});
  return out;
}

catalog::Schema replay_all(const std::vector<std::string>& statements, Diagnostics& diags) {
  std::vector<ReplayStatement> located;
  for (std::size_t i = 0; i < statements.size(); ++i)
    located.push_back({statements[i], SourceLoc{"statement " + std::to_string(i + 1), 1, 1}});
  catalog::Schema schema;
  replay(schema, located, diags);
  return schema;
}

void canonicalize_expressions(catalog::Schema& schema) {
  auto canon = [](std::string& e) {
    if (e.empty()) return;
    if (auto c = sql::canonical_expression(e)) e = *c;
  };
  for (auto& t : schema.tables) {
    for (auto& c : t.columns) {
      canon(c.default_expr);
      canon(c.generated);
    }
    for (auto& k : t.constraints) canon(k.expression);
  }
  for (auto& ix : schema.indexes) canon(ix.where);
}

}  // namespace tenantc
