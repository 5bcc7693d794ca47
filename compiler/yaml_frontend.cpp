// YAML front end: yaml-cpp documents to ast:: nodes with 1-based locations.
#include "yaml_frontend.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace tenantc {

namespace {

std::string join_keys(const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) out += (out.empty() ? "" : ", ") + k;
  return out;
}

// One file being read: its text (to recover scalars yaml-cpp turns into null) and the
// diagnostics sink.
class Reader {
 public:
  Reader(std::string file, const std::string& text, Diagnostics& diags) : file_(std::move(file)), diags_(diags) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) lines_.push_back(line);
  }

  SourceLoc loc(const YAML::Node& n) const {
    const auto m = n.Mark();
    if (m.is_null()) return {file_, 1, 1};
    return {file_, m.line + 1, m.column + 1};
  }
  SourceLoc file_loc() const { return {file_, 1, 1}; }

  void error(const SourceLoc& at, std::string msg) { diags_.error(at, std::move(msg)); }

  // The scalar as written. yaml-cpp turns `null` and `~` into null nodes and loses their
  // text, but the spec takes names and enum values as written, so it is read back from the
  // source at the node's mark.
  std::optional<ast::Text> scalar(const YAML::Node& n, const std::string& what) {
    ast::Text t;
    t.loc = loc(n);
    t.set = true;
    if (n.IsScalar()) {
      t.value = n.Scalar();
      t.quoted = n.Tag() == "!";
      return t;
    }
    if (n.IsNull()) {
      t.value = source_token(n);
      return t;
    }
    error(t.loc, what + " must be a single value, not a " + (n.IsMap() ? "mapping" : "list"));
    return std::nullopt;
  }

  std::string source_token(const YAML::Node& n) const {
    const auto m = n.Mark();
    if (m.is_null() || m.line < 0 || m.line >= static_cast<int>(lines_.size())) return {};
    const std::string& l = lines_[m.line];
    std::size_t i = static_cast<std::size_t>(m.column), j = i;
    while (j < l.size() && l[j] != ',' && l[j] != ']' && l[j] != '}' && l[j] != ' ' && l[j] != '#') ++j;
    std::string tok = i < l.size() ? l.substr(i, j - i) : std::string();
    if (tok == "null" || tok == "Null" || tok == "NULL" || tok == "~") return tok;
    return {};
  }

  // Reads a map's pairs, reporting duplicate keys, keys outside `allowed`, and the
  // tell-tale of a type like decimal(10,2) split at its comma inside `{ }`.
  // `split_tails`, when given, collects the stray keys instead of reporting them, for a
  // caller that can name the value that was cut.
  std::vector<std::pair<ast::Text, YAML::Node>> pairs(const YAML::Node& map, const std::string& what,
                                                      const std::vector<std::string>& allowed,
                                                      std::vector<SourceLoc>* split_tails = nullptr) {
    std::vector<std::pair<ast::Text, YAML::Node>> out;
    std::map<std::string, SourceLoc> seen;
    static const std::regex split_tail(R"(^\s*\d+\s*\)\s*\??$)");
    for (auto it = map.begin(); it != map.end(); ++it) {
      auto key = scalar(it->first, "a key");
      if (!key) continue;
      if (auto prev = seen.find(key->value); prev != seen.end()) {
        error(key->loc, "duplicate key '" + key->value + "' in " + what + " (first written at " +
                            std::to_string(prev->second.line) + ":" + std::to_string(prev->second.column) + ")");
        continue;
      }
      seen.emplace(key->value, key->loc);
      if (std::regex_match(key->value, split_tail)) {
        if (split_tails)
          split_tails->push_back(key->loc);
        else
          error(key->loc, "a value with a comma inside { } must be quoted, for example { type: \"decimal(10,2)\" }");
        continue;
      }
      if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), key->value) == allowed.end()) {
        std::string hint = key->value.find(' ') != std::string::npos
                               ? " (inside { } a comma ends the value before it: quote text that holds a comma)"
                               : "";
        error(key->loc, "unknown key '" + key->value + "' in " + what + "; valid keys: " + join_keys(allowed) + hint);
        continue;
      }
      out.emplace_back(*key, it->second);
    }
    return out;
  }

  bool expect_map(const YAML::Node& n, const std::string& what, const SourceLoc& fallback) {
    if (n.IsMap()) return true;
    error(n.IsNull() ? fallback : loc(n), what + " must be a mapping (key: value lines)");
    return false;
  }
  bool expect_seq(const YAML::Node& n, const std::string& what, const SourceLoc& fallback) {
    if (n.IsSequence()) return true;
    error(n.IsNull() ? fallback : loc(n), what + " must be a list");
    return false;
  }

  ast::Text text(const YAML::Node& n, const std::string& what, const SourceLoc& key_loc) {
    if (n.IsNull() && source_token(n).empty()) {
      error(key_loc, what + " needs a value");
      return {};
    }
    auto t = scalar(n, what);
    return t ? *t : ast::Text{};
  }

  ast::Flag flag(const YAML::Node& n, const std::string& what, const SourceLoc& key_loc) {
    ast::Flag f;
    f.loc = n.IsNull() ? key_loc : loc(n);
    auto t = n.IsScalar() ? scalar(n, what) : std::nullopt;
    if (t && !t->quoted && (t->value == "true" || t->value == "True" || t->value == "TRUE")) {
      f.value = true;
      f.set = true;
    } else if (t && !t->quoted && (t->value == "false" || t->value == "False" || t->value == "FALSE")) {
      f.set = true;
    } else {
      error(f.loc, what + " must be true or false");
    }
    return f;
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::vector<std::string> lines_;
  Diagnostics& diags_;
};

std::optional<YAML::Node> load_yaml(const std::string& text, const std::string& file, Diagnostics& diags) {
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    diags.error({file, e.mark.line + 1, e.mark.column + 1}, "invalid YAML: " + e.msg);
  } catch (const YAML::Exception& e) {
    diags.error({file, 1, 1}, std::string("invalid YAML: ") + e.what());
  }
  return std::nullopt;
}

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

ast::Tenancy read_tenancy(Reader& r, const YAML::Node& n, const SourceLoc& key_loc) {
  ast::Tenancy t;
  t.loc = key_loc;
  if (!r.expect_map(n, "tenancy", key_loc)) return t;
  for (auto& [k, v] : r.pairs(n, "tenancy", {"column", "table"})) {
    if (k.value == "column") t.column = r.text(v, "tenancy.column", k.loc);
    if (k.value == "table") t.table = r.text(v, "tenancy.table", k.loc);
  }
  return t;
}

// `status` / `created_at desc` / `created_at asc`.
std::optional<ast::IndexColumn> read_index_column(Reader& r, const YAML::Node& n) {
  auto t = r.scalar(n, "an index column");
  if (!t) return std::nullopt;
  ast::IndexColumn c;
  c.name = *t;
  std::istringstream words(t->value);
  std::string name, dir, extra;
  words >> name >> dir >> extra;
  c.name.value = name;
  if (dir == "desc" || dir == "DESC") {
    c.desc = true;
  } else if (!dir.empty() && dir != "asc" && dir != "ASC") {
    r.error(t->loc, "index column '" + t->value + "' must be a column name, optionally followed by asc or desc");
    return std::nullopt;
  }
  if (!extra.empty()) {
    r.error(t->loc, "index column '" + t->value + "' must be a column name, optionally followed by asc or desc");
    return std::nullopt;
  }
  return c;
}

ast::Index read_index_map(Reader& r, const YAML::Node& n, const SourceLoc& key_loc, bool on_field) {
  ast::Index ix;
  ix.loc = key_loc;
  std::vector<std::string> allowed = on_field ? std::vector<std::string>{"using", "where", "desc", "name"}
                                              : std::vector<std::string>{"columns", "using", "where", "name", "unique"};
  for (auto& [k, v] : r.pairs(n, on_field ? "a field's index" : "an index", allowed)) {
    if (k.value == "columns") {
      if (v.IsScalar()) {
        if (auto c = read_index_column(r, v)) ix.columns.push_back(*c);
      } else if (r.expect_seq(v, "index columns", k.loc)) {
        for (const auto& c : v)
          if (auto col = read_index_column(r, c)) ix.columns.push_back(*col);
      }
    } else if (k.value == "using") {
      ix.using_method = r.text(v, "using", k.loc);
    } else if (k.value == "where") {
      ix.where = r.text(v, "where", k.loc);
    } else if (k.value == "name") {
      ix.name = r.text(v, "name", k.loc);
    } else if (k.value == "unique") {
      ix.unique = r.flag(v, "unique", k.loc);
    } else if (k.value == "desc") {
      auto f = r.flag(v, "desc", k.loc);
      ix.columns.push_back({ast::Text{}, f.value});
    }
  }
  if (!on_field && ix.columns.empty()) r.error(key_loc, "an index needs `columns`, a list of column names");
  return ix;
}

// `index: true | btree | gin | brin | hash | { using, where, desc }` on a field.
std::optional<ast::Index> read_field_index(Reader& r, const YAML::Node& n, const SourceLoc& key_loc) {
  if (n.IsMap()) {
    auto ix = read_index_map(r, n, key_loc, true);
    bool desc = !ix.columns.empty() && ix.columns.front().desc;
    ix.columns.clear();
    ix.columns.push_back({ast::Text{}, desc});
    return ix;
  }
  auto t = r.text(n, "index", key_loc);
  if (!t.set) return std::nullopt;
  if (t.value == "false" && !t.quoted) return std::nullopt;
  ast::Index ix;
  ix.loc = t.loc;
  ix.columns.push_back({ast::Text{}, false});
  if (t.value == "true" && !t.quoted) return ix;
  if (t.value == "btree" || t.value == "gin" || t.value == "brin" || t.value == "hash") {
    ix.using_method = t;
    return ix;
  }
  r.error(t.loc, "index must be true, btree, gin, brin, hash or { using, where, desc }, not '" + t.value + "'");
  return std::nullopt;
}

void read_type_text(Reader& r, ast::Field& f, ast::Text t) {
  if (!t.value.empty() && t.value.back() == '?') {
    t.value.pop_back();
    f.optional.value = true;
    f.optional.set = true;
    f.optional.loc = t.loc;
  }
  // decimal(10,2) split by a flow mapping leaves `decimal(10` behind.
  if (std::count(t.value.begin(), t.value.end(), '(') != std::count(t.value.begin(), t.value.end(), ')')) {
    r.error(t.loc, "type '" + t.value + "' is cut at a comma: inside { } quote it, for example { type: \"decimal(10,2)\" }");
    f.reported = true;
    return;
  }
  f.type = t;
}

ast::Field read_field(Reader& r, const ast::Text& name, const YAML::Node& n) {
  ast::Field f;
  f.loc = name.loc;
  f.name = name;
  if (n.IsScalar() || (n.IsNull() && !r.source_token(n).empty())) {
    if (auto t = r.scalar(n, "a field type")) read_type_text(r, f, *t);
    return f;
  }
  if (n.IsNull()) {
    r.error(name.loc, "field '" + name.value + "' needs a type, for example `" + name.value + ": text` or `" +
                          name.value + ": { type: int, optional: true }`");
    f.reported = true;
    return f;
  }
  if (!n.IsMap()) {
    r.error(r.loc(n), "field '" + name.value + "' must be a type or a mapping of field keys");
    return f;
  }
  std::vector<SourceLoc> split_tails;
  for (auto& [k, v] : r.pairs(n, "field '" + name.value + "'",
                              {"type", "optional", "default", "default_sql", "unique", "index", "check", "ref",
                               "on_delete", "generated", "renamed_from", "description"},
                              &split_tails)) {
    const auto& key = k.value;
    if (key == "type") {
      auto t = r.text(v, "type", k.loc);
      if (t.set) read_type_text(r, f, t);
    } else if (key == "optional") {
      auto fl = r.flag(v, "optional", k.loc);
      if (fl.set) {
        if (f.optional.set && f.optional.value && !fl.value)
          r.error(fl.loc, "field '" + name.value + "' is marked `?` and `optional: false`; choose one");
        f.optional = fl;
      }
    } else if (key == "default") {
      f.default_value = YAML::Clone(v);
      f.default_loc = v.IsNull() ? k.loc : r.loc(v);
    } else if (key == "default_sql") {
      f.default_sql = r.text(v, "default_sql", k.loc);
    } else if (key == "unique") {
      auto t = r.text(v, "unique", k.loc);
      if (t.set && !t.quoted && (t.value == "true" || t.value == "global" || t.value == "false"))
        f.unique = t;
      else if (t.set)
        r.error(t.loc, "unique must be true (per tenant), global (across tenants) or false, not '" + t.value + "'");
    } else if (key == "index") {
      f.index = read_field_index(r, v, k.loc);
    } else if (key == "check") {
      f.check = r.text(v, "check", k.loc);
    } else if (key == "ref") {
      f.ref = r.text(v, "ref", k.loc);
    } else if (key == "on_delete") {
      f.on_delete = r.text(v, "on_delete", k.loc);
    } else if (key == "generated") {
      f.generated = r.text(v, "generated", k.loc);
    } else if (key == "renamed_from") {
      f.renamed_from = r.text(v, "renamed_from", k.loc);
    } else if (key == "description") {
      f.description = r.text(v, "description", k.loc);
    }
  }
  if (!split_tails.empty() && !f.reported) {
    r.error(split_tails.front(), "a value with a comma inside { } must be quoted, for example { default_sql: \"round(1.5, 0)\" }");
    f.reported = true;
  }
  return f;
}

ast::Unique read_unique(Reader& r, const YAML::Node& n) {
  ast::Unique u;
  u.loc = r.loc(n);
  // yaml-cpp's Node assignment writes through to the node it refers to, so the list is
  // found by reset(), never by assigning one node to another.
  YAML::Node cols;
  if (n.IsMap()) {
    for (auto& [k, v] : r.pairs(n, "a unique set", {"columns", "name"})) {
      if (k.value == "columns") cols.reset(v);
      if (k.value == "name") u.name = r.text(v, "name", k.loc);
    }
  } else {
    cols.reset(n);
  }
  if (cols.IsScalar()) {
    if (auto t = r.scalar(cols, "a column")) u.columns.push_back(*t);
  } else if (cols.IsSequence()) {
    for (const auto& c : cols)
      if (auto t = r.scalar(c, "a column")) u.columns.push_back(*t);
  } else {
    r.error(u.loc, "a unique set is a list of column names, for example [name, category_id]");
  }
  return u;
}

ast::Entity read_entity(Reader& r, const ast::Text& name, const YAML::Node& n) {
  ast::Entity e;
  e.loc = name.loc;
  e.name = name;
  if (!r.expect_map(n, "entity '" + name.value + "'", name.loc)) return e;
  bool has_fields = false;
  for (auto& [k, v] : r.pairs(n, "entity '" + name.value + "'",
                              {"fields", "tenant", "audit", "soft_delete", "unique", "indexes", "checks", "rls",
                               "cpp_name", "renamed_from", "description"})) {
    const auto& key = k.value;
    if (key == "fields") {
      has_fields = true;
      e.fields_loc = k.loc;
      if (!r.expect_map(v, "fields", k.loc)) continue;
      for (auto& [fk, fv] : r.pairs(v, "the fields of '" + name.value + "'", {}))
        e.fields.push_back(read_field(r, fk, fv));
    } else if (key == "tenant") {
      e.tenant = r.flag(v, "tenant", k.loc);
    } else if (key == "audit") {
      e.audit = r.text(v, "audit", k.loc);
    } else if (key == "soft_delete") {
      e.soft_delete = r.flag(v, "soft_delete", k.loc);
    } else if (key == "rls") {
      e.rls = r.flag(v, "rls", k.loc);
    } else if (key == "unique") {
      if (r.expect_seq(v, "unique", k.loc))
        for (const auto& u : v) e.uniques.push_back(read_unique(r, u));
    } else if (key == "indexes") {
      if (r.expect_seq(v, "indexes", k.loc))
        for (const auto& ix : v) {
          if (r.expect_map(ix, "an index", k.loc)) e.indexes.push_back(read_index_map(r, ix, r.loc(ix), false));
        }
    } else if (key == "checks") {
      if (r.expect_map(v, "checks", k.loc))
        for (auto& [ck, cv] : r.pairs(v, "checks", {})) e.checks.push_back({ck, r.text(cv, "a check", ck.loc)});
    } else if (key == "cpp_name") {
      e.cpp_name = r.text(v, "cpp_name", k.loc);
    } else if (key == "renamed_from") {
      e.renamed_from = r.text(v, "renamed_from", k.loc);
    } else if (key == "description") {
      e.description = r.text(v, "description", k.loc);
    }
  }
  if (!has_fields) r.error(name.loc, "entity '" + name.value + "' needs `fields:`");
  return e;
}

// One entry of an enum's values: a label, or a mapping that also names the label's
// previous spelling (`{ name: done, renamed_from: completed }`).
std::optional<ast::EnumValue> read_enum_value(Reader& r, const YAML::Node& n) {
  if (!n.IsMap()) {
    if (n.IsSequence()) {
      r.error(r.loc(n), "an enum value must be a name or { name: ..., renamed_from: ... }, not a list");
      return std::nullopt;
    }
    auto t = r.scalar(n, "an enum value");
    if (!t) return std::nullopt;
    return ast::EnumValue{*t, {}};
  }
  ast::EnumValue v;
  bool named = false;  // `name:` written, even without a value (reported by text())
  for (auto& [k, x] : r.pairs(n, "an enum value", {"name", "renamed_from"})) {
    if (k.value == "name") {
      named = true;
      v.name = r.text(x, "name", k.loc);
    }
    if (k.value == "renamed_from") v.renamed_from = r.text(x, "renamed_from", k.loc);
  }
  if (!named)
    r.error(r.loc(n), "an enum value written as a mapping needs `name`, for example { name: done, renamed_from: completed }");
  if (!v.name.set) return std::nullopt;
  return v;
}

ast::Enum read_enum(Reader& r, const ast::Text& name, const YAML::Node& n) {
  ast::Enum e;
  e.loc = name.loc;
  e.name = name;
  YAML::Node values;  // reset(), not assignment: see read_unique
  if (n.IsMap()) {
    for (auto& [k, v] : r.pairs(n, "enum '" + name.value + "'", {"values", "renamed_from", "description"})) {
      if (k.value == "values") values.reset(v);
      if (k.value == "renamed_from") e.renamed_from = r.text(v, "renamed_from", k.loc);
      if (k.value == "description") e.description = r.text(v, "description", k.loc);
    }
  } else {
    values.reset(n);
  }
  if (!values.IsSequence()) {
    r.error(name.loc, "enum '" + name.value + "' needs a list of values, for example [pending, completed]");
    return e;
  }
  for (const auto& v : values)
    if (auto value = read_enum_value(r, v)) e.values.push_back(std::move(*value));
  // Only an empty list: a value already reported is not a missing one.
  if (values.size() == 0) r.error(name.loc, "enum '" + name.value + "' needs at least one value");
  return e;
}

}  // namespace

std::optional<ast::Project> load_project(const std::filesystem::path& path, Diagnostics& diags) {
  const std::string file = path.string();
  auto text = read_file(path);
  if (!text) {
    diags.error({file, 0, 0}, "cannot read the project file (give its path with --project)");
    return std::nullopt;
  }
  return parse_project(*text, file, diags);
}

std::optional<ast::Project> parse_project(const std::string& text, const std::string& file, Diagnostics& diags) {
  auto doc = load_yaml(text, file, diags);
  if (!doc) return std::nullopt;
  Reader r(file, text, diags);
  ast::Project p;
  p.file = file;
  p.loc = r.file_loc();
  if (doc->IsNull()) return p;  // every key is optional
  if (!r.expect_map(*doc, "the project file", p.loc)) return std::nullopt;
  for (auto& [k, v] : r.pairs(*doc, "the project file",
                              {"version", "schemas", "migrations", "repositories", "tenancy", "conventions", "target",
                               "outputs"})) {
    const auto& key = k.value;
    if (key == "version") {
      p.version = r.text(v, "version", k.loc);
    } else if (key == "schemas") {
      p.schemas = r.text(v, "schemas", k.loc);
    } else if (key == "target") {
      p.target = r.text(v, "target", k.loc);
    } else if (key == "tenancy") {
      p.tenancy = read_tenancy(r, v, k.loc);
    } else if (key == "migrations") {
      if (!r.expect_map(v, "migrations", k.loc)) continue;
      for (auto& [mk, mv] : r.pairs(v, "migrations", {"dir", "format"})) {
        if (mk.value == "dir") p.migrations_dir = r.text(mv, "migrations.dir", mk.loc);
        if (mk.value == "format") p.migrations_format = r.text(mv, "migrations.format", mk.loc);
      }
    } else if (key == "repositories") {
      if (!r.expect_map(v, "repositories", k.loc)) continue;
      for (auto& [mk, mv] : r.pairs(v, "repositories", {"out", "namespace"})) {
        if (mk.value == "out") p.repositories_out = r.text(mv, "repositories.out", mk.loc);
        if (mk.value == "namespace") p.repositories_namespace = r.text(mv, "repositories.namespace", mk.loc);
      }
    } else if (key == "conventions") {
      if (!r.expect_map(v, "conventions", k.loc)) continue;
      for (auto& [mk, mv] : r.pairs(v, "conventions", {"audit", "soft_delete", "users_table", "rls"})) {
        if (mk.value == "audit") p.audit = r.text(mv, "conventions.audit", mk.loc);
        if (mk.value == "soft_delete") p.soft_delete = r.flag(mv, "conventions.soft_delete", mk.loc);
        if (mk.value == "users_table") p.users_table = r.text(mv, "conventions.users_table", mk.loc);
        if (mk.value == "rls") p.rls = r.flag(mv, "conventions.rls", mk.loc);
      }
    } else if (key == "outputs") {
      if (!r.expect_map(v, "outputs", k.loc)) continue;
      for (auto& [mk, mv] : r.pairs(v, "outputs", {"schema", "index_report"})) {
        if (mk.value == "schema") p.output_schema = r.text(mv, "outputs.schema", mk.loc);
        if (mk.value == "index_report") p.output_index_report = r.text(mv, "outputs.index_report", mk.loc);
      }
    }
  }
  return p;
}

std::optional<ast::Module> parse_module(const std::string& text, const std::string& display_path, Diagnostics& diags) {
  auto doc = load_yaml(text, display_path, diags);
  if (!doc) return std::nullopt;
  Reader r(display_path, text, diags);
  ast::Module m;
  m.file = display_path;
  m.loc = r.file_loc();
  if (!r.expect_map(*doc, "a module file", m.loc)) return std::nullopt;
  for (auto& [k, v] : r.pairs(*doc, "the module file", {"module", "description", "tenancy", "enums", "entities"})) {
    const auto& key = k.value;
    if (key == "module") {
      m.name = r.text(v, "module", k.loc);
    } else if (key == "description") {
      m.description = r.text(v, "description", k.loc);
    } else if (key == "tenancy") {
      m.tenancy = read_tenancy(r, v, k.loc);
    } else if (key == "enums") {
      if (!r.expect_map(v, "enums", k.loc)) continue;
      for (auto& [ek, ev] : r.pairs(v, "enums", {})) m.enums.push_back(read_enum(r, ek, ev));
    } else if (key == "entities") {
      if (!r.expect_map(v, "entities", k.loc)) continue;
      for (auto& [ek, ev] : r.pairs(v, "entities", {})) m.entities.push_back(read_entity(r, ek, ev));
    }
  }
  if (!m.name.set) diags.error(m.loc, "a module file needs `module: NAME`");
  return m;
}

std::vector<ast::Module> load_modules(const std::filesystem::path& dir, const std::string& display_dir,
                                      const SourceLoc& setting_loc, Diagnostics& diags) {
  std::vector<ast::Module> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    diags.error(setting_loc, "the schemas folder '" + display_dir + "' does not exist");
    return out;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    auto ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) diags.error(setting_loc, "the schemas folder '" + display_dir + "' holds no .yaml module files");
  for (const auto& f : files) {
    std::string shown = (std::filesystem::path(display_dir) / f.filename()).string();
    auto text = read_file(f);
    if (!text) {
      diags.error({shown, 0, 0}, "cannot read this file");
      continue;
    }
    if (auto m = parse_module(*text, shown, diags)) out.push_back(std::move(*m));
  }
  return out;
}

}  // namespace tenantc
