// libpg_query wrappers. All parsing of SQL in tenantc goes through here.
#include "sql_parser.hpp"

#include <pg_query.h>

#include <cstdlib>
#include <functional>

namespace tenantc::sql {

namespace {

ParseError to_error(const PgQueryError* e) {
  return ParseError{e->message ? e->message : "syntax error", e->cursorpos > 0 ? e->cursorpos - 1 : 0};
}

void walk(const nlohmann::json& node, const std::function<void(const std::string&, const nlohmann::json&)>& visit) {
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      visit(it.key(), it.value());
      walk(it.value(), visit);
    }
  } else if (node.is_array()) {
    for (const auto& child : node) walk(child, visit);
  }
}

std::string string_node(const nlohmann::json& n) {
  // libpg_query 15 spells String nodes {"String": {"sval": "..."}}; older ones used "str".
  if (n.contains("String")) {
    const auto& s = n["String"];
    if (s.contains("sval")) return s["sval"].get<std::string>();
    if (s.contains("str")) return s["str"].get<std::string>();
  }
  return {};
}

}  // namespace

std::optional<ParseError> parse_error(const std::string& text) {
  PgQueryParseResult r = pg_query_parse(text.c_str());
  std::optional<ParseError> out;
  if (r.error) out = to_error(r.error);
  pg_query_free_parse_result(r);
  return out;
}

bool parses(const std::string& text) { return !parse_error(text).has_value(); }

std::optional<nlohmann::json> parse_tree(const std::string& text, ParseError* error) {
  PgQueryParseResult r = pg_query_parse(text.c_str());
  std::optional<nlohmann::json> out;
  if (r.error) {
    if (error) *error = to_error(r.error);
  } else {
    out = nlohmann::json::parse(r.parse_tree);
  }
  pg_query_free_parse_result(r);
  return out;
}

std::optional<std::vector<Statement>> split(const std::string& script, ParseError* error) {
  PgQuerySplitResult r = pg_query_split_with_parser(script.c_str());
  std::optional<std::vector<Statement>> out;
  if (r.error) {
    if (error) *error = to_error(r.error);
  } else {
    out.emplace();
    for (int i = 0; i < r.n_stmts; ++i) {
      const auto* s = r.stmts[i];
      out->push_back({script.substr(s->stmt_location, s->stmt_len), s->stmt_location, s->stmt_len});
    }
  }
  pg_query_free_split_result(r);
  return out;
}

std::optional<std::string> canonical(const std::string& statement, ParseError* error) {
  PgQueryProtobufParseResult parsed = pg_query_parse_protobuf(statement.c_str());
  if (parsed.error) {
    if (error) *error = to_error(parsed.error);
    pg_query_free_protobuf_parse_result(parsed);
    return std::nullopt;
  }
  PgQueryDeparseResult deparsed = pg_query_deparse_protobuf(parsed.parse_tree);
  std::optional<std::string> out;
  if (deparsed.error) {
    if (error) *error = to_error(deparsed.error);
  } else {
    out = deparsed.query;
  }
  pg_query_free_deparse_result(deparsed);
  pg_query_free_protobuf_parse_result(parsed);
  return out;
}

ExpressionInfo analyze_expression(const std::string& expr) {
  ExpressionInfo info;
  // Parenthesised inside a bare SELECT so that operator precedence is the expression's own;
  // the tree is then checked to hold nothing but that one target.
  static const std::string kPrefix = "SELECT (";
  ParseError err;
  auto tree = parse_tree(kPrefix + expr + "\n)", &err);
  if (!tree) {
    err.offset = std::max(0, err.offset - static_cast<int>(kPrefix.size()));
    info.error = err;
    return info;
  }
  const auto& stmts = (*tree)["stmts"];
  bool single = stmts.size() == 1 && stmts[0]["stmt"].contains("SelectStmt");
  if (single) {
    const auto& select = stmts[0]["stmt"]["SelectStmt"];
    for (auto it = select.begin(); it != select.end(); ++it) {
      if (it.key() != "targetList" && it.key() != "limitOption" && it.key() != "op") single = false;
    }
    if (!select.contains("targetList") || select["targetList"].size() != 1) single = false;
  }
  if (!single) {
    info.error = ParseError{"not a single SQL expression", 0};
    return info;
  }
  walk(*tree, [&](const std::string& key, const nlohmann::json& value) {
    if (key == "SubLink") info.has_subquery = true;
    if (key == "ColumnRef" && value.contains("fields")) {
      const auto& fields = value["fields"];
      if (!fields.empty()) info.column_refs.push_back(string_node(fields[fields.size() - 1]));
    }
    if (key == "FuncCall" && value.contains("funcname")) {
      const auto& parts = value["funcname"];
      if (!parts.empty()) info.functions.push_back(string_node(parts[parts.size() - 1]));
    }
    if (key == "SQLValueFunction" && value.contains("op")) {
      // CURRENT_DATE, CURRENT_TIMESTAMP, LOCALTIME ...: fine in defaults, never immutable.
      info.uses_volatile_sql_function = true;
    }
  });
  return info;
}

std::optional<std::string> canonical_expression(const std::string& expr) {
  static const std::string kPrefix = "SELECT ";
  auto text = canonical(kPrefix + "(" + expr + ")", nullptr);
  if (!text || text->rfind(kPrefix, 0) != 0) return std::nullopt;
  std::string out = text->substr(kPrefix.size());
  // The deparser keeps the parentheses it was given around the whole expression only when
  // needed; strip one redundant outer pair so both spellings meet.
  if (out.size() >= 2 && out.front() == '(' && out.back() == ')') {
    int depth = 0;
    bool outer = true;
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (out[i] == '(') ++depth;
      if (out[i] == ')') --depth;
      if (depth == 0 && i + 1 < out.size()) outer = false;
    }
    if (outer) out = out.substr(1, out.size() - 2);
  }
  return out;
}

std::string quote_literal(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

}  // namespace tenantc::sql
