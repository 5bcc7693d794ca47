// Default literals: each YAML scalar is checked against the column type before it is
// written into DDL, so a wrong default is a located error and never a failed migration.
#include "defaults.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>

#include "sql_parser.hpp"

namespace tenantc {

using model::NumericFlavor;
using model::Scalar;

namespace {

bool plain(const YAML::Node& n) { return n.IsScalar() && n.Tag() != "!"; }

nlohmann::json to_json(const YAML::Node& n) {
  if (n.IsMap()) {
    auto obj = nlohmann::json::object();
    for (auto it = n.begin(); it != n.end(); ++it) obj[it->first.Scalar()] = to_json(it->second);
    return obj;
  }
  if (n.IsSequence()) {
    auto arr = nlohmann::json::array();
    for (const auto& c : n) arr.push_back(to_json(c));
    return arr;
  }
  if (n.IsNull()) return nullptr;
  const std::string& s = n.Scalar();
  if (plain(n)) {
    if (s == "true") return true;
    if (s == "false") return false;
    static const std::regex integer(R"(^-?(0|[1-9]\d*)$)");
    static const std::regex number(R"(^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$)");
    if (std::regex_match(s, integer) && s.size() < 18) return std::stoll(s);
    if (std::regex_match(s, number)) return nlohmann::json::parse(s);
  }
  return s;
}

std::size_t utf8_length(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool valid_date(const std::string& s) {
  static const std::regex re(R"(^(\d{4})-(\d{2})-(\d{2})$)");
  std::smatch m;
  if (!std::regex_match(s, m, re)) return false;
  int y = std::stoi(m[1]), mo = std::stoi(m[2]), d = std::stoi(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max = days[mo - 1] + (mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 1 : 0);
  return d <= max;
}

// One scalar element checked against a scalar type: the SQL literal text (unquoted for
// numbers and booleans, as a string otherwise) or an error.
struct Element {
  std::string text;
  bool is_string = false;
  std::string error;
};

Element element(const YAML::Node& n, const model::Type& t, const std::vector<std::string>& enum_values) {
  Element e;
  if (!n.IsScalar()) {
    e.error = "must be a single value";
    return e;
  }
  const std::string& s = n.Scalar();
  auto fail = [&](const std::string& why) {
    e.error = why;
    return e;
  };
  switch (t.scalar) {
    case Scalar::SmallInt:
    case Scalar::Int:
    case Scalar::BigInt: {
      static const std::regex re(R"(^-?(0|[1-9]\d{0,18})$)");
      if (!std::regex_match(s, re)) return fail("is not an integer");
      long double v = std::stold(s);
      long double lim = t.scalar == Scalar::SmallInt ? 32767.0L : t.scalar == Scalar::Int ? 2147483647.0L : 9223372036854775807.0L;
      if (v > lim || v < -lim - 1) return fail("is out of range for " + t.sql());
      e.text = s;
      return e;
    }
    case Scalar::Real:
    case Scalar::Double: {
      static const std::regex re(R"(^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$)");
      if (!std::regex_match(s, re)) return fail("is not a number");
      e.text = s;
      return e;
    }
    case Scalar::Decimal: {
      static const std::regex re(R"(^(-?)(\d+)(?:\.(\d+))?$)");
      std::smatch m;
      if (!std::regex_match(s, m, re)) return fail("is not a decimal number");
      std::string whole = m[2], frac = m[3];
      whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size() - 1));
      if (static_cast<int>(frac.size()) > t.scale)
        return fail("has more than " + std::to_string(t.scale) + " decimal places");
      if (whole != "0" && static_cast<int>(whole.size()) > t.precision - t.scale)
        return fail("does not fit " + t.sql());
      frac.append(static_cast<std::size_t>(t.scale) - frac.size(), '0');
      e.text = std::string(m[1]) + whole + (t.scale > 0 ? "." + frac : "");
      if (t.flavor == NumericFlavor::Percentage) {
        double v = std::stod(s);
        if (v < 0 || v > 100) return fail("is not a percentage between 0 and 100");
      }
      return e;
    }
    case Scalar::Bool:
      if (!plain(n) || (s != "true" && s != "false")) return fail("is not true or false");
      e.text = s;
      return e;
    case Scalar::String:
      if (static_cast<int>(utf8_length(s)) > t.length)
        return fail("is longer than " + std::to_string(t.length) + " characters");
      [[fallthrough]];
    case Scalar::Text:
      e.text = s;
      e.is_string = true;
      return e;
    case Scalar::Uuid: {
      static const std::regex re(R"(^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)");
      if (!std::regex_match(s, re)) return fail("is not a uuid");
      e.text = s;
      e.is_string = true;
      return e;
    }
    case Scalar::Date:
      if (!valid_date(s)) return fail("is not a date (YYYY-MM-DD); use default_sql: CURRENT_DATE for today");
      e.text = s;
      e.is_string = true;
      return e;
    case Scalar::Timestamp: {
      static const std::regex re(
          R"(^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)$)");
      if (!std::regex_match(s, re) || !valid_date(s.substr(0, 10)))
        return fail("is not a timestamp with a time zone (2024-01-31T12:00:00Z); use default_sql: now() for the current time");
      e.text = s;
      e.is_string = true;
      return e;
    }
    case Scalar::Enum:
      if (std::find(enum_values.begin(), enum_values.end(), s) == enum_values.end()) {
        std::string list;
        for (const auto& v : enum_values) list += (list.empty() ? "" : ", ") + v;
        return fail("is not a value of enum " + t.enum_name + " (" + list + ")");
      }
      e.text = s;
      e.is_string = true;
      return e;
    case Scalar::Bytes:
      return fail("cannot be written as a literal for bytes; use default_sql, for example '\\x00'::bytea");
    case Scalar::Jsonb:
      break;
  }
  return fail("has no literal form");
}

std::string array_element(const Element& e) {
  if (!e.is_string) return e.text;
  std::string out = "\"";
  for (char c : e.text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string yaml_to_json(const YAML::Node& node) { return to_json(node).dump(); }

std::string money_zero(const model::Type& type) {
  return type.scale > 0 ? "0." + std::string(static_cast<std::size_t>(type.scale), '0') : "0";
}

RenderedDefault render_default(const YAML::Node& value, const model::Type& type,
                               const std::vector<std::string>& enum_values) {
  RenderedDefault out;
  if (type.scalar == Scalar::Jsonb && !type.array) {
    out.sql = sql::quote_literal(yaml_to_json(value)) + "::jsonb";
    return out;
  }
  if (value.IsNull()) {
    out.error = "is empty; a column without a default simply omits `default`";
    return out;
  }
  if (type.array) {
    if (!value.IsSequence()) {
      out.error = "must be a list for an array column, for example []";
      return out;
    }
    model::Type elem = type;
    elem.array = false;
    std::string body;
    for (const auto& item : value) {
      Element e = element(item, elem, enum_values);
      if (!e.error.empty()) {
        out.error = "element '" + (item.IsScalar() ? item.Scalar() : std::string("...")) + "' " + e.error;
        return out;
      }
      body += (body.empty() ? "" : ",") + array_element(e);
    }
    out.sql = sql::quote_literal("{" + body + "}") + "::" + type.sql();
    return out;
  }
  if (!value.IsScalar()) {
    out.error = "must be a single value for a " + type.sql() + " column";
    return out;
  }
  Element e = element(value, type, enum_values);
  if (!e.error.empty()) {
    out.error = "'" + value.Scalar() + "' " + e.error;
    return out;
  }
  out.sql = e.is_string ? sql::quote_literal(e.text) : e.text;
  return out;
}

}  // namespace tenantc
