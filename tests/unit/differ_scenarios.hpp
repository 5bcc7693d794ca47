// Seeded random schema evolution for the differ's tests: a small module model rendered to
// YAML, and edits of it (add / drop / rename a column or table, nullability, defaults,
// types, enum values, enum and enum value renames, indexes, refs, checks, uniques, comments,
// generated columns). Shared
// by the unit tests (replayed catalogs) and the PostgreSQL round trip (tests/integration).
#pragma once

#include <algorithm>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace tenantc::testing::scenarios {

struct FieldSpec {
  std::string name;
  std::string type;  // schema language: string(50), int, decimal(10,2), e1, e1[] ...
  bool optional = false;
  std::string default_value;  // YAML text, empty for none
  std::string renamed_from;
  std::string description;
  std::string ref;       // target entity
  std::string on_delete;
  std::string check;
  bool unique = false;
  std::string generated;
};

struct IndexSpec {
  std::vector<std::string> columns;  // "c1" or "c1 desc"
  bool active = false;
};

struct EntitySpec {
  std::string name;
  std::string renamed_from;
  std::string description;
  bool soft_delete = true;
  std::vector<FieldSpec> fields;
  std::vector<std::vector<std::string>> uniques;
  std::vector<IndexSpec> indexes;
  std::vector<std::pair<std::string, std::string>> checks;  // name, expression

  FieldSpec* field(const std::string& n) {
    for (auto& f : fields)
      if (f.name == n) return &f;
    return nullptr;
  }
};

struct EnumSpec {
  std::string name;
  std::vector<std::string> values;
  std::string renamed_from;
  std::map<std::string, std::string> value_renamed_from;  // value -> its previous label
};

struct ModuleSpec {
  std::vector<EnumSpec> enums;
  std::vector<EntitySpec> entities;
  int counter = 0;  // for fresh names

  EntitySpec* entity(const std::string& n) {
    for (auto& e : entities)
      if (e.name == n) return &e;
    return nullptr;
  }
  EnumSpec* enum_type(const std::string& n) {
    for (auto& e : enums)
      if (e.name == n) return &e;
    return nullptr;
  }
  std::string fresh(const std::string& prefix) { return prefix + std::to_string(++counter); }
};

// A YAML double-quoted scalar; a line break is written \n, since YAML folds a raw one.
inline std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

inline std::string render(const ModuleSpec& m) {
  std::string y = "module: shop\n";
  if (!m.enums.empty()) {
    y += "enums:\n";
    for (const auto& e : m.enums) {
      std::string values = "[";
      for (std::size_t i = 0; i < e.values.size(); ++i) {
        auto hint = e.value_renamed_from.find(e.values[i]);
        values += (i ? ", " : "") + (hint == e.value_renamed_from.end()
                                         ? e.values[i]
                                         : "{ name: " + e.values[i] + ", renamed_from: " + hint->second + " }");
      }
      values += "]";
      if (e.renamed_from.empty())
        y += "  " + e.name + ": " + values + "\n";
      else
        y += "  " + e.name + ": { values: " + values + ", renamed_from: " + e.renamed_from + " }\n";
    }
  }
  y += "entities:\n";
  for (const auto& e : m.entities) {
    y += "  " + e.name + ":\n";
    if (!e.renamed_from.empty()) y += "    renamed_from: " + e.renamed_from + "\n";
    if (!e.description.empty()) y += "    description: " + quoted(e.description) + "\n";
    if (!e.soft_delete) y += "    soft_delete: false\n";
    y += "    fields:\n";
    for (const auto& f : e.fields) {
      std::vector<std::string> keys;
      if (!f.ref.empty()) {
        keys.push_back("ref: " + f.ref);
        if (!f.on_delete.empty()) keys.push_back("on_delete: " + f.on_delete);
      } else {
        keys.push_back("type: " + quoted(f.type));
      }
      if (f.optional) keys.push_back("optional: true");
      if (!f.default_value.empty()) keys.push_back("default: " + f.default_value);
      if (!f.renamed_from.empty()) keys.push_back("renamed_from: " + f.renamed_from);
      if (!f.description.empty()) keys.push_back("description: " + quoted(f.description));
      if (!f.check.empty()) keys.push_back("check: " + quoted(f.check));
      if (f.unique) keys.push_back("unique: true");
      if (!f.generated.empty()) keys.push_back("generated: " + quoted(f.generated));
      y += "      " + f.name + ": {";
      for (std::size_t i = 0; i < keys.size(); ++i) y += (i ? ", " : " ") + keys[i];
      y += " }\n";
    }
    if (!e.uniques.empty()) {
      y += "    unique:\n";
      for (const auto& u : e.uniques) {
        y += "      - [";
        for (std::size_t i = 0; i < u.size(); ++i) y += (i ? ", " : "") + u[i];
        y += "]\n";
      }
    }
    if (!e.indexes.empty()) {
      y += "    indexes:\n";
      for (const auto& ix : e.indexes) {
        y += "      - columns: [";
        for (std::size_t i = 0; i < ix.columns.size(); ++i) y += (i ? ", " : "") + ix.columns[i];
        y += "]\n";
        if (ix.active) y += "        where: active\n";
      }
    }
    if (!e.checks.empty()) {
      y += "    checks:\n";
      for (const auto& [n, x] : e.checks) y += "      " + n + ": " + quoted(x) + "\n";
    }
  }
  return y;
}

// The starting point of every random pair.
inline ModuleSpec base_module() {
  ModuleSpec m;
  m.enums = {{"order_status", {"pending", "paid", "shipped", "done"}}, {"tag_kind", {"red", "green", "blue"}}};
  EntitySpec categories;
  categories.name = "categories";
  categories.fields = {{.name = "title", .type = "string(100)", .unique = true},
                       {.name = "position", .type = "int", .default_value = "0"}};
  EntitySpec products;
  products.name = "products";
  products.description = "Items a tenant sells.";
  products.fields = {
      {.name = "name", .type = "string(50)", .description = "Shown to customers."},
      {.name = "price", .type = "decimal(10,2)", .default_value = "0"},
      {.name = "qty", .type = "int", .default_value = "0", .check = "qty >= 0"},
      {.name = "status", .type = "order_status", .default_value = "pending"},
      {.name = "tags", .type = "tag_kind[]", .optional = true},
      {.name = "note", .type = "text", .optional = true},
      {.name = "category_id", .type = "", .optional = true, .ref = "categories", .on_delete = "set_null"},
      {.name = "total", .type = "decimal(12,2)", .generated = "price * qty"},
  };
  products.uniques = {{"name", "category_id"}};
  products.indexes = {{{"status", "created_at desc"}, true}};
  products.checks = {{"name_not_blank", "length(name) > 0"}};
  EntitySpec orders;
  orders.name = "orders";
  orders.soft_delete = false;
  orders.fields = {
      {.name = "number", .type = "string(20)", .unique = true},
      {.name = "product_id", .type = "", .ref = "products", .on_delete = "cascade"},
      {.name = "status", .type = "order_status", .default_value = "pending"},
      {.name = "placed_on", .type = "date", .optional = true},
  };
  orders.indexes = {{{"status"}, false}};
  m.entities = {categories, products, orders};
  m.counter = 100;
  return m;
}

// What references a column, so that an edit keeps the module valid.
inline bool mentions(const std::string& text, const std::string& word) {
  auto wc = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; };
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    bool left = at == 0 || !wc(text[at - 1]);
    bool right = at + word.size() >= text.size() || !wc(text[at + word.size()]);
    if (left && right) return true;
  }
  return false;
}

inline std::string replace_word(std::string text, const std::string& from, const std::string& to) {
  auto wc = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; };
  for (std::size_t at = text.find(from); at != std::string::npos;) {
    bool left = at == 0 || !wc(text[at - 1]);
    bool right = at + from.size() >= text.size() || !wc(text[at + from.size()]);
    if (left && right) {
      text.replace(at, from.size(), to);
      at = text.find(from, at + to.size());
    } else {
      at = text.find(from, at + 1);
    }
  }
  return text;
}

inline std::string column_of(const std::string& index_column) { return index_column.substr(0, index_column.find(' ')); }

inline void forget_column(EntitySpec& e, const std::string& c) {
  std::erase_if(e.fields, [&](const FieldSpec& f) { return f.name == c || mentions(f.generated, c); });
  std::erase_if(e.uniques, [&](const auto& u) { return std::find(u.begin(), u.end(), c) != u.end(); });
  std::erase_if(e.indexes, [&](const IndexSpec& ix) {
    return std::any_of(ix.columns.begin(), ix.columns.end(), [&](const auto& k) { return column_of(k) == c; });
  });
  std::erase_if(e.checks, [&](const auto& ck) { return mentions(ck.second, c); });
  for (auto& f : e.fields)
    if (mentions(f.check, c)) f.check.clear();
}

inline void rename_column(EntitySpec& e, const std::string& from, const std::string& to) {
  for (auto& f : e.fields) {
    if (f.name == from) {
      f.name = to;
      f.renamed_from = from;
    }
    f.check = replace_word(f.check, from, to);
    f.generated = replace_word(f.generated, from, to);
  }
  for (auto& u : e.uniques)
    for (auto& c : u)
      if (c == from) c = to;
  for (auto& ix : e.indexes)
    for (auto& k : ix.columns)
      if (column_of(k) == from) k = to + k.substr(from.size());
  for (auto& ck : e.checks) ck.second = replace_word(ck.second, from, to);
}

// An enum renamed, with every field of its type following.
inline std::string rename_enum(ModuleSpec& m, EnumSpec& en) {
  std::string old = en.name, n = m.fresh("e");
  en.name = n;
  en.renamed_from = old;
  for (auto& x : m.entities)
    for (auto& f : x.fields) {
      if (f.type == old) f.type = n;
      if (f.type == old + "[]") f.type = n + "[]";
    }
  return "rename enum " + old + " -> " + n;
}

// An enum value renamed, with the defaults and checks that name it following. `old` is a
// copy: the caller's may be the very element replaced here.
inline std::string rename_enum_value(ModuleSpec& m, EnumSpec& en, std::string old) {
  std::string n = m.fresh("v");
  std::replace(en.values.begin(), en.values.end(), old, n);
  en.value_renamed_from.erase(old);
  en.value_renamed_from[n] = old;
  for (auto& x : m.entities)
    for (auto& f : x.fields) {
      bool typed = f.type == en.name || f.type == en.name + "[]";
      if (typed && f.default_value == old) f.default_value = n;
      if (typed) f.check = replace_word(f.check, old, n);
    }
  return "rename value " + en.name + "." + old + " -> " + n;
}

// One random edit; returns a short description. The caller compiles the result and retries
// with another edit when it is not a valid module.
inline std::string mutate(ModuleSpec& m, std::mt19937& rng) {
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng)); };
  auto chance = [&](int percent) { return static_cast<int>(pick(100)) < percent; };
  if (m.entities.empty()) return "nothing";
  EntitySpec& e = m.entities[pick(m.entities.size())];
  std::vector<FieldSpec*> plain;  // business fields without a ref or generated expression
  for (auto& f : e.fields)
    if (f.ref.empty() && f.generated.empty()) plain.push_back(&f);
  auto scalar_types = std::vector<std::string>{"string(40)", "int", "bigint", "text", "bool", "decimal(8,2)", "date",
                                               "timestamp", "jsonb", "order_status", "tag_kind[]", "uuid"};
  switch (pick(22)) {
    case 0: {  // add a column
      FieldSpec f;
      f.name = m.fresh("c");
      f.type = scalar_types[pick(scalar_types.size())];
      if (!m.enum_type(f.type) && f.type != "order_status" && f.type.find('[') == std::string::npos &&
          f.type != "uuid" && chance(50)) {
        f.optional = true;
      } else {
        static const std::map<std::string, std::string> kDefaults = {
            {"string(40)", "\"x\""}, {"int", "7"}, {"bigint", "0"}, {"text", "\"\""}, {"bool", "false"},
            {"decimal(8,2)", "1"}, {"date", "\"2024-01-01\""}, {"timestamp", "\"2024-01-01T00:00:00Z\""},
            {"jsonb", "{}"}, {"order_status", "paid"}, {"uuid", ""}, {"tag_kind[]", ""}};
        f.default_value = kDefaults.at(f.type);
        if (f.default_value.empty()) f.optional = true;
      }
      if (m.enum_type("order_status") == nullptr && f.type == "order_status") f.type = "int", f.default_value = "1";
      e.fields.push_back(f);
      return "add column " + e.name + "." + f.name + " " + f.type;
    }
    case 1: {  // drop a column
      if (plain.empty()) return "nothing";
      std::string c = plain[pick(plain.size())]->name;
      forget_column(e, c);
      return "drop column " + e.name + "." + c;
    }
    case 2: {  // rename a column
      if (plain.empty()) return "nothing";
      std::string c = plain[pick(plain.size())]->name;
      std::string n = m.fresh("r");
      rename_column(e, c, n);
      return "rename column " + e.name + "." + c + " -> " + n;
    }
    case 3: {  // nullability
      if (plain.empty()) return "nothing";
      FieldSpec& f = *plain[pick(plain.size())];
      f.optional = !f.optional;
      if (f.optional) f.default_value.clear();
      return "toggle optional " + e.name + "." + f.name;
    }
    case 4: {  // default
      for (auto* f : plain) {
        if (f->optional) continue;
        if (f->type == "int" || f->type == "bigint") f->default_value = std::to_string(pick(50));
        else if (f->type.rfind("string", 0) == 0 || f->type == "text") f->default_value = f->default_value.empty() ? "\"n/a\"" : "";
        else if (f->type.rfind("decimal", 0) == 0) f->default_value = f->default_value == "0" ? "" : "0";
        else continue;
        return "change default " + e.name + "." + f->name;
      }
      return "nothing";
    }
    case 5: {  // type
      if (plain.empty()) return "nothing";
      FieldSpec& f = *plain[pick(plain.size())];
      if (f.type.rfind("string(", 0) == 0) {
        int n = std::stoi(f.type.substr(7));
        f.type = "string(" + std::to_string(chance(50) ? n + 30 : std::max(5, n / 2 + 1)) + ")";
        if (f.default_value.size() > 7) f.default_value.clear();
      } else if (f.type == "int") {
        f.type = "bigint";
      } else if (f.type == "bigint") {
        f.type = "int";
      } else if (f.type.rfind("decimal(", 0) == 0) {
        f.type = chance(50) ? "decimal(14,2)" : "decimal(8,3)";
      } else if (f.type == "text") {
        f.type = "string(80)";
        if (!f.default_value.empty()) f.default_value = "\"t\"";
      } else if (m.enum_type(f.type)) {
        f.type = "text";  // the default, an enum value, is a fine text too
      } else {
        return "nothing";
      }
      return "retype " + e.name + "." + f.name + " " + f.type;
    }
    case 6:
    case 7: {  // add an enum value, sometimes used right away; or rename the enum or a value
      if (m.enums.empty()) return "nothing";
      EnumSpec& en = m.enums[pick(m.enums.size())];
      if (chance(50)) return chance(50) ? rename_enum(m, en) : rename_enum_value(m, en, en.values[pick(en.values.size())]);
      std::string v = m.fresh("v");
      en.values.insert(en.values.begin() + static_cast<std::ptrdiff_t>(pick(en.values.size() + 1)), v);
      std::string used;
      if (chance(40))
        for (auto& x : m.entities)
          for (auto& f : x.fields)
            if (f.type == en.name && !f.default_value.empty() && used.empty()) {
              f.default_value = v;
              used = " used by " + x.name + "." + f.name;
            }
      return "add value " + en.name + "." + v + used;
    }
    case 8: {  // remove an enum value nothing uses
      if (m.enums.empty()) return "nothing";
      EnumSpec& en = m.enums[pick(m.enums.size())];
      if (en.values.size() < 3) return "nothing";
      std::string v = en.values[pick(en.values.size())];
      for (auto& x : m.entities)
        for (auto& f : x.fields)
          if (f.default_value == v || mentions(f.check, v)) return "nothing";
      std::erase(en.values, v);
      return "remove value " + en.name + "." + v;
    }
    case 9: {  // add an index
      std::vector<std::string> cols;
      for (auto* f : plain)
        if (f->type.find('[') == std::string::npos && f->type != "jsonb") cols.push_back(f->name);
      if (cols.empty()) return "nothing";
      IndexSpec ix;
      ix.columns.push_back(cols[pick(cols.size())] + (chance(30) ? " desc" : ""));
      if (chance(40)) ix.columns.push_back("created_at desc");
      ix.active = e.soft_delete && chance(50);
      e.indexes.push_back(ix);
      return "add index on " + e.name;
    }
    case 10: {  // drop an index
      if (e.indexes.empty()) return "nothing";
      e.indexes.erase(e.indexes.begin() + static_cast<std::ptrdiff_t>(pick(e.indexes.size())));
      return "drop index on " + e.name;
    }
    case 11: {  // add a table
      EntitySpec n;
      n.name = m.fresh("t");
      n.fields = {{.name = "label", .type = "string(30)"}};
      if (chance(60)) n.fields.push_back({.name = "owner_id", .type = "", .optional = true, .ref = e.name, .on_delete = "set_null"});
      if (chance(50)) n.fields.push_back({.name = "kind", .type = "tag_kind", .default_value = "red"});
      if (!m.enum_type("tag_kind")) n.fields.resize(std::min<std::size_t>(n.fields.size(), 2));
      n.soft_delete = chance(50);
      m.entities.push_back(n);
      return "add table " + n.name;
    }
    case 12: {  // drop a table (and the refs to it)
      std::string gone = e.name;
      for (auto& x : m.entities)
        if (x.name != gone)
          for (const auto& f : std::vector<FieldSpec>(x.fields))
            if (f.ref == gone) forget_column(x, f.name);
      std::erase_if(m.entities, [&](const EntitySpec& x) { return x.name == gone; });
      return "drop table " + gone;
    }
    case 13: {  // rename a table
      std::string old = e.name, n = m.fresh("t");
      e.name = n;
      e.renamed_from = old;
      for (auto& x : m.entities)
        for (auto& f : x.fields)
          if (f.ref == old) f.ref = n;
      return "rename table " + old + " -> " + n;
    }
    case 14: {  // add a ref
      const EntitySpec& target = m.entities[pick(m.entities.size())];
      FieldSpec f{.name = m.fresh("ref"), .type = "", .optional = true, .ref = target.name,
                  .on_delete = chance(50) ? "set_null" : "cascade"};
      e.fields.push_back(f);
      return "add ref " + e.name + "." + f.name + " -> " + target.name;
    }
    case 15: {  // drop a ref
      for (const auto& f : e.fields)
        if (!f.ref.empty()) {
          std::string c = f.name;
          forget_column(e, c);
          return "drop ref " + e.name + "." + c;
        }
      return "nothing";
    }
    case 16: {  // checks
      for (auto* f : plain)
        if (f->type == "int" || f->type == "bigint") {
          if (f->check.empty()) f->check = f->name + " >= 0";
          else if (chance(50)) f->check.clear();
          else f->check = f->name + " > -1000";
          return "change check " + e.name + "." + f->name;
        }
      if (!e.checks.empty()) {
        e.checks.pop_back();
        return "drop check on " + e.name;
      }
      return "nothing";
    }
    case 17: {  // uniques
      if (plain.empty()) return "nothing";
      FieldSpec& f = *plain[pick(plain.size())];
      if (f.type.find('[') != std::string::npos || f.type == "jsonb") return "nothing";
      f.unique = !f.unique;
      return "toggle unique " + e.name + "." + f.name;
    }
    case 18: {  // comments
      if (chance(50)) {
        e.description = e.description.empty() ? "About " + e.name + "." : "";
        return "comment table " + e.name;
      }
      if (plain.empty()) return "nothing";
      FieldSpec& f = *plain[pick(plain.size())];
      f.description = f.description.empty() ? "It's " + f.name + "." : "";
      return "comment column " + e.name + "." + f.name;
    }
    case 19: {  // generated columns
      for (auto& f : e.fields)
        if (!f.generated.empty()) {
          if (chance(50)) {
            f.generated = "(" + f.generated + ") + 1";
            return "change generated " + e.name + "." + f.name;
          }
          f.generated.clear();
          return "stop generating " + e.name + "." + f.name;
        }
      for (auto* f : plain)
        if (f->type == "int" && !f->optional) {
          FieldSpec g{.name = m.fresh("g"), .type = "bigint", .generated = f->name + " * 2"};
          e.fields.push_back(g);
          return "add generated " + e.name + "." + g.name;
        }
      return "nothing";
    }
    case 20: {  // soft delete
      e.soft_delete = !e.soft_delete;
      if (!e.soft_delete)
        for (auto& ix : e.indexes) ix.active = false;
      return "toggle soft_delete " + e.name;
    }
    default: {  // unique sets
      if (!e.uniques.empty()) {
        e.uniques.pop_back();
        return "drop unique set on " + e.name;
      }
      if (plain.size() < 2) return "nothing";
      e.uniques.push_back({plain[0]->name, plain[1]->name});
      return "add unique set on " + e.name;
    }
  }
}

// Clears the rename hints once a step has been taken, as a user might (or might not: the
// differ must cope with stale hints too, so keep them with some probability).
inline void settle(ModuleSpec& m, std::mt19937& rng) {
  for (auto& en : m.enums) {
    if (rng() % 2) en.renamed_from.clear();
    if (rng() % 2) en.value_renamed_from.clear();
  }
  for (auto& e : m.entities) {
    if (rng() % 2) e.renamed_from.clear();
    for (auto& f : e.fields)
      if (rng() % 2) f.renamed_from.clear();
  }
}

// Named pairs that exercise one change kind each (and a few together), for the unit tests
// and the PostgreSQL round trip alike. `project` is the project file's text.
struct NamedPair {
  std::string name;
  std::string from, to;
  std::string project = "version: 1\n";
};

inline std::vector<NamedPair> named_pairs() {
  const std::string items = R"y(module: shop
enums:
  status: [draft, sent, paid]
entities:
  items:
    description: Things.
    fields:
      sku: { type: string(20), unique: true }
      qty: { type: int, default: 0, check: "qty >= 0" }
      price: decimal(10,2)
      total: { type: "decimal(14,2)", generated: "price * qty", index: true }
      status: { type: status, default: draft }
      history: status[]?
      note: text?
    indexes:
      - columns: [status, created_at desc]
        where: "status <> 'paid'"
    checks:
      draft_has_no_history: "status <> 'draft' OR history IS NULL"
  boxes:
    fields:
      item_id: { ref: items, on_delete: cascade }
      label: { type: string(10), description: On the lid. }
)y";
  auto with = [&](std::vector<std::pair<std::string, std::string>> edits) {
    std::string y = items;
    for (const auto& [a, b] : edits) {
      auto at = y.find(a);
      if (at == std::string::npos) throw std::runtime_error("no '" + a + "' in the base module");
      y.replace(at, a.size(), b);
    }
    return y;
  };
  return {
      {"create_tables", "module: shop\nentities:\n  tags:\n    fields:\n      name: text\n", items},
      {"drop_tables", items, "module: shop\nentities:\n  tags:\n    fields:\n      name: text\n"},
      {"rename_table", items,
       with({{"  items:\n", "  products:\n    renamed_from: items\n"}, {"ref: items", "ref: products"}})},
      {"rename_columns", items,
       with({{"sku: { type: string(20),", "code: { renamed_from: sku, type: string(20),"},
             {"qty: { type: int, default: 0, check: \"qty >= 0\" }",
              "amount: { type: int, default: 0, check: \"amount >= 0\", renamed_from: qty }"},
             {"price * qty", "price * amount"}})},
      {"add_drop_columns", items,
       with({{"      note: text?\n", "      weight: decimal(10,3)?\n      size: { type: int, default: 3 }\n"}})},
      {"widen", items,
       with({{"string(20)", "string(40)"}, {"qty: { type: int,", "qty: { type: bigint,"}, {"price: decimal(10,2)", "price: decimal(12,2)"}})},
      {"narrow_and_retype", items,
       with({{"string(20)", "string(12)"}, {"note: text?", "note: int?"}, {"label: { type: string(10)", "label: { type: text"}})},
      {"nullability_and_defaults", items,
       with({{"note: text?", "note: { type: text, default: \"-\" }"}, {"qty: { type: int, default: 0,", "qty: { type: int, optional: true,"}})},
      {"enum_values_added", items, with({{"[draft, sent, paid]", "[new, draft, sent, overdue, paid, void]"}})},
      {"enum_value_used_at_once", items,
       with({{"[draft, sent, paid]", "[draft, sent, overdue, paid]"}, {"default: draft", "default: overdue"},
             {"status <> 'paid'", "status <> 'overdue'"}})},
      {"enum_value_removed", items, with({{"[draft, sent, paid]", "[draft, paid]"}})},
      {"enum_values_reordered", items, with({{"[draft, sent, paid]", "[paid, sent, draft]"}})},
      {"enum_replaced", items,
       with({{"  status: [draft, sent, paid]\n", "  status: [draft, sent, paid]\n  phase: [one, two]\n"},
             {"history: status[]?", "history: phase[]?"}})},
      {"checks_uniques_indexes", items,
       with({{"qty >= 0", "qty > 0"}, {"sku: { type: string(20), unique: true }", "sku: string(20)"},
             {"note: text?", "note: { type: text, optional: true, unique: true }"},
             {"where: \"status <> 'paid'\"", "where: active"}})},
      {"refs", items,
       with({{"      item_id: { ref: items, on_delete: cascade }\n",
              "      other_id: { ref: items, optional: true, on_delete: set_null }\n"}})},
      {"generated", items, with({{"price * qty", "price * qty * 2"}, {"price: decimal(10,2)", "price: decimal(12,2)"}})},
      {"comments", items,
       with({{"    description: Things.\n", ""}, {"description: On the lid.", "description: On the box's lid."}})},
      {"soft_delete_off", items, with({{"  boxes:\n", "  boxes:\n    soft_delete: false\n"}})},
      {"rename_enum", items,
       with({{"  status: [draft, sent, paid]\n", "  state: { values: [draft, sent, paid], renamed_from: status }\n"},
             {"status: { type: status,", "status: { type: state,"}, {"history: status[]?", "history: state[]?"}})},
      {"rename_enum_values", items,
       with({{"[draft, sent, paid]", "[{ name: open, renamed_from: draft }, sent, { name: settled, renamed_from: paid }]"},
             {"default: draft", "default: open"}, {"status <> 'draft'", "status <> 'open'"},
             {"status <> 'paid'", "status <> 'settled'"},
             // A renamed label may be used in the transaction that renamed it (unlike an added one).
             {"      note: text?\n", "      note: text?\n      stage: { type: status, default: settled }\n"}})},
      {"rename_enum_value_and_add_values", items,
       with({{"[draft, sent, paid]", "[new, { name: open, renamed_from: draft }, sent, overdue, paid]"},
             {"default: draft", "default: overdue"}, {"status <> 'draft'", "status <> 'open'"}})},
      {"rename_enum_and_value_and_remove_value", items,
       with({{"  status: [draft, sent, paid]\n",
              "  state: { values: [{ name: open, renamed_from: draft }, paid, void], renamed_from: status }\n"},
             {"status: { type: status, default: draft }", "status: { type: state, default: open }"},
             {"history: status[]?", "history: state[]?"}, {"status <> 'draft'", "status <> 'open'"}})},
      {"retype_to_enum_with_a_new_value", items,
       with({{"[draft, sent, paid]", "[draft, sent, paid, void]"}, {"note: text?", "note: status?"}})},
      {"rename_table_and_column_and_swap_enum", items,
       with({{"  items:\n", "  products:\n    renamed_from: items\n"}, {"ref: items", "ref: products"},
             {"[draft, sent, paid]", "[draft, paid]"},
             {"sku: { type: string(20),", "code: { renamed_from: sku, type: string(20), index: true,"}})},
      {"cycle_dropped", items + R"y(  a_things:
    fields:
      b_id: { ref: b_things, optional: true, on_delete: set_null }
  b_things:
    fields:
      a_id: { ref: a_things, optional: true, on_delete: set_null }
)y",
       items},
      {"cycle_created", items, items + R"y(  a_things:
    fields:
      b_id: { ref: b_things, optional: true, on_delete: set_null }
  b_things:
    fields:
      a_id: { ref: a_things, optional: true, on_delete: set_null }
)y"},
  };
}

}  // namespace tenantc::testing::scenarios
