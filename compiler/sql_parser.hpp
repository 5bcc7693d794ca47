// Thin C++ layer over libpg_query, PostgreSQL 15's own parser: parse checks, parse trees,
// expression analysis and canonical statement text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tenantc::sql {

struct ParseError {
  std::string message;
  int offset = 0;  // 0-based byte offset into the text handed to the parser
};

bool parses(const std::string& text);
std::optional<ParseError> parse_error(const std::string& text);

// The JSON parse tree of `text`, or nullopt with `error` set.
std::optional<nlohmann::json> parse_tree(const std::string& text, ParseError* error);

// One statement of a script, with its byte range in the script.
struct Statement {
  std::string text;
  int offset = 0;
  int length = 0;
};
std::optional<std::vector<Statement>> split(const std::string& script, ParseError* error);

// The statement as PostgreSQL's deparser prints it: whitespace, comments and redundant
// parentheses normalised away, so two texts compare equal exactly when they parse the same.
std::optional<std::string> canonical(const std::string& statement, ParseError* error);

// What a user-written SQL expression (check, predicate, default, generated column) contains.
struct ExpressionInfo {
  std::optional<ParseError> error;        // set when it is not one valid expression
  bool has_subquery = false;
  std::vector<std::string> column_refs;   // unqualified column names it reads
  std::vector<std::string> functions;     // function names it calls, lowercased
  bool uses_volatile_sql_function = false;  // CURRENT_TIMESTAMP and friends
};
ExpressionInfo analyze_expression(const std::string& expr);

// An SQL expression as PostgreSQL's deparser prints it, so that `(a > 0)`, `a>0` and
// `a > 0` compare equal; nullopt when it is not an expression. Used wherever expressions from
// two sources (the YAML, replayed migrations) are compared.
std::optional<std::string> canonical_expression(const std::string& expr);

// Single-quoted SQL string literal.
std::string quote_literal(const std::string& value);

}  // namespace tenantc::sql
