// Naming rules shared by every part of the compiler.
#include "naming.hpp"

#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>

#include "sql_parser.hpp"

namespace tenantc::naming {

bool is_snake_case(std::string_view name) {
  if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool is_sql_reserved(std::string_view name) {
  static std::mutex mu;
  static std::map<std::string, bool, std::less<>> cache;
  std::lock_guard lock(mu);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  // A table or column name is a ColId in PostgreSQL's grammar; reserved and
  // type/function-name keywords are exactly the words that are not.
  std::string probe = "CREATE TABLE " + std::string(name) + " (" + std::string(name) + " int)";
  bool reserved = !sql::parses(probe);
  cache.emplace(std::string(name), reserved);
  return reserved;
}

std::string identifier_problem(std::string_view name) {
  if (!is_snake_case(name))
    return "is not a lowercase snake_case identifier (a letter, then a-z, 0-9 or _)";
  if (name.size() > kMaxIdentifierBytes)
    return "is " + std::to_string(name.size()) + " bytes long; PostgreSQL identifiers hold at most 63";
  if (is_sql_reserved(name)) return "is a reserved word in PostgreSQL";
  return {};
}

bool is_cpp_keyword(std::string_view name) {
  static constexpr std::array<std::string_view, 97> kKeywords = {
      "alignas",   "alignof",      "and",          "and_eq",       "asm",
      "auto",      "bitand",       "bitor",        "bool",         "break",
      "case",      "catch",        "char",         "char8_t",      "char16_t",
      "char32_t",  "class",        "compl",        "concept",      "const",
      "consteval", "constexpr",    "constinit",    "const_cast",   "continue",
      "co_await",  "co_return",    "co_yield",     "decltype",     "default",
      "delete",    "do",           "double",       "dynamic_cast", "else",
      "enum",      "explicit",     "export",       "extern",       "false",
      "float",     "for",          "friend",       "goto",         "if",
      "inline",    "int",          "long",         "mutable",      "namespace",
      "new",       "noexcept",     "not",          "not_eq",       "nullptr",
      "operator",  "or",           "or_eq",        "private",      "protected",
      "public",    "register",     "reinterpret_cast", "requires", "return",
      "short",     "signed",       "sizeof",       "static",       "static_assert",
      "static_cast", "struct",     "switch",       "template",     "this",
      "thread_local", "throw",     "true",         "try",          "typedef",
      "typeid",    "typename",     "union",        "unsigned",     "using",
      "virtual",   "void",         "volatile",     "wchar_t",      "while",
      "xor",       "xor_eq",       "final",        "override",     "import",
      "module",    "NULL"};
  for (auto k : kKeywords)
    if (k == name) return true;
  return false;
}

bool is_system_column(std::string_view name) {
  static const std::set<std::string_view> kSystem = {"xmin", "xmax", "cmin", "cmax", "ctid", "tableoid", "oid"};
  return kSystem.count(name) > 0;
}

std::string type_name_problem(std::string_view name) {
  // The schema language's own type words.
  static const std::set<std::string_view> kLanguage = {
      "uuid", "string", "text", "smallint", "int", "bigint", "real", "double", "bool", "decimal",
      "money", "rate", "percentage", "date", "timestamp", "jsonb", "bytes"};
  if (kLanguage.count(name)) return "is a built-in type of the schema language";
  // Base types of PostgreSQL 15's pg_catalog and the SQL-standard type words the grammar
  // maps onto them; pg_catalog is searched before the schema, so these would shadow an enum.
  static const std::set<std::string_view> kPostgres = {
      "bool", "boolean", "bytea", "char", "character", "name", "int8", "int2", "int4", "integer", "int2vector",
      "regproc", "oid", "tid", "xid", "xid8", "cid", "oidvector", "json", "xml", "point", "lseg", "path", "box",
      "polygon", "line", "float4", "float8", "float", "circle", "macaddr", "macaddr8", "inet", "cidr", "aclitem",
      "bpchar", "varchar", "time", "timetz", "timestamptz", "interval", "bit", "varbit", "numeric", "dec",
      "refcursor", "regprocedure", "regoper", "regoperator", "regclass", "regcollation", "regtype", "regrole",
      "regnamespace", "regconfig", "regdictionary", "pg_lsn", "tsvector", "gtsvector", "tsquery", "jsonpath",
      "txid_snapshot", "pg_snapshot", "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange",
      "int4multirange", "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange", "datemultirange",
      "record", "cstring", "any", "anyarray", "anyelement", "anynonarray", "anyenum", "anyrange",
      "anymultirange", "anycompatible", "anycompatiblearray", "anycompatiblenonarray", "anycompatiblerange",
      "anycompatiblemultirange", "void", "trigger", "event_trigger", "language_handler", "internal",
      "fdw_handler", "index_am_handler", "tsm_handler", "table_am_handler", "unknown", "pg_node_tree",
      "pg_ndistinct", "pg_dependencies", "pg_mcv_list", "pg_ddl_command", "national", "nchar", "precision",
      "varying", "zone"};
  if (kPostgres.count(name)) return "is the name of a PostgreSQL built-in type";
  return {};
}

std::string pascal_case(std::string_view snake) {
  std::string out;
  bool upper = true;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

static bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string singular(std::string_view snake) {
  // Only the last word of a snake_case name is plural: `money_accounts`.
  auto cut = snake.rfind('_');
  std::string head(cut == std::string_view::npos ? "" : snake.substr(0, cut + 1));
  std::string word(cut == std::string_view::npos ? snake : snake.substr(cut + 1));
  static const std::map<std::string, std::string> kIrregular = {
      {"people", "person"},   {"children", "child"}, {"statuses", "status"},
      {"analyses", "analysis"}, {"data", "data"},    {"series", "series"},
      {"news", "news"},       {"aliases", "alias"},  {"buses", "bus"}};
  if (auto it = kIrregular.find(word); it != kIrregular.end()) return head + it->second;
  if (ends_with(word, "ies") && word.size() > 3) return head + word.substr(0, word.size() - 3) + "y";
  if (ends_with(word, "sses") || ends_with(word, "xes") || ends_with(word, "ches") ||
      ends_with(word, "shes") || ends_with(word, "zzes"))
    return head + word.substr(0, word.size() - 2);
  if (ends_with(word, "s") && !ends_with(word, "ss") && !ends_with(word, "us") &&
      !ends_with(word, "is") && word.size() > 1)
    return head + word.substr(0, word.size() - 1);
  return head + word;
}

std::string cpp_identifier(std::string_view name) {
  std::string out(name);
  if (is_cpp_keyword(out)) out += '_';
  return out;
}

static std::uint32_t fnv1a(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

std::string fit_identifier(const std::string& name) {
  if (name.size() <= kMaxIdentifierBytes) return name;
  char hash[9];
  std::snprintf(hash, sizeof hash, "%08x", fnv1a(name));
  std::string prefix = name.substr(0, kMaxIdentifierBytes - 9);
  while (!prefix.empty() && prefix.back() == '_') prefix.pop_back();
  return prefix + "_" + hash;
}

static std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "_") + p;
  return out;
}

std::string primary_key_name(const std::string& table) { return fit_identifier(table + "_pkey"); }
std::string foreign_key_name(const std::string& table, const std::string& column) {
  return fit_identifier(table + "_" + column + "_fkey");
}
std::string unique_name(const std::string& table, const std::vector<std::string>& columns) {
  return fit_identifier(table + "_" + joined(columns) + "_key");
}
std::string check_name(const std::string& table, const std::string& column) {
  return fit_identifier(table + "_" + column + "_check");
}
std::string range_check_name(const std::string& table, const std::string& column) {
  return fit_identifier(table + "_" + column + "_range");
}
std::string index_name(const std::string& table, const std::vector<std::string>& columns) {
  return fit_identifier(table + "_" + joined(columns) + "_idx");
}

}  // namespace tenantc::naming
