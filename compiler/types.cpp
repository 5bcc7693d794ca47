// Built-in types of the schema language and their PostgreSQL / C++ spellings.
#include "types.hpp"

#include <regex>

#include "naming.hpp"

namespace tenantc::types {

using model::NumericFlavor;
using model::Scalar;

Parsed parse(const std::string& raw) {
  Parsed out;
  std::string text = raw;
  bool array = false;
  if (text.size() > 2 && text.substr(text.size() - 2) == "[]") {
    array = true;
    text = text.substr(0, text.size() - 2);
  }
  static const std::regex sized(R"(^([a-z]+)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$)");
  std::smatch m;
  model::Type t;
  t.array = array;
  if (std::regex_match(text, m, sized)) {
    const std::string base = m[1];
    const long a = std::stol(m[2]);
    const bool two = m[3].matched;
    const long b = two ? std::stol(m[3]) : 0;
    if (base == "string" && !two) {
      if (a < 1 || a > 10485760) {
        out.error = "string(n) needs 1 <= n <= 10485760";
        return out;
      }
      t.scalar = Scalar::String;
      t.length = static_cast<int>(a);
    } else if ((base == "decimal" || base == "money") && two) {
      if (a < 1 || a > 1000 || b < 0 || b > a) {
        out.error = base + "(p,s) needs 1 <= p <= 1000 and 0 <= s <= p";
        return out;
      }
      t.scalar = Scalar::Decimal;
      t.precision = static_cast<int>(a);
      t.scale = static_cast<int>(b);
      t.flavor = base == "money" ? NumericFlavor::Money : NumericFlavor::Plain;
    } else {
      out.error = "'" + raw + "' is not a type; sized types are string(n), decimal(p,s) and money(p,s)";
      return out;
    }
    out.type = t;
    return out;
  }
  static const std::map<std::string, Scalar> simple = {
      {"uuid", Scalar::Uuid},     {"text", Scalar::Text},         {"smallint", Scalar::SmallInt},
      {"int", Scalar::Int},       {"bigint", Scalar::BigInt},     {"real", Scalar::Real},
      {"double", Scalar::Double}, {"bool", Scalar::Bool},         {"date", Scalar::Date},
      {"timestamp", Scalar::Timestamp}, {"jsonb", Scalar::Jsonb}, {"bytes", Scalar::Bytes}};
  if (auto it = simple.find(text); it != simple.end()) {
    t.scalar = it->second;
  } else if (text == "money") {
    t.scalar = Scalar::Decimal;
    t.precision = 10;
    t.scale = 2;
    t.flavor = NumericFlavor::Money;
  } else if (text == "rate") {
    t.scalar = Scalar::Decimal;
    t.precision = 10;
    t.scale = 4;
    t.flavor = NumericFlavor::Rate;
  } else if (text == "percentage") {
    t.scalar = Scalar::Decimal;
    t.precision = 5;
    t.scale = 2;
    t.flavor = NumericFlavor::Percentage;
  } else if (text == "string" || text == "decimal") {
    out.error = "'" + text + "' needs its size: " + (text == "string" ? "string(255)" : "decimal(12,2)");
    return out;
  } else {
    static const std::regex enum_ref(R"(^([a-z][a-z0-9_]*\.)?[a-z][a-z0-9_]*$)");
    if (std::regex_match(text, enum_ref)) {
      out.enum_ref = text;
      return out;
    }
    out.error = "'" + raw + "' is not a type";
    return out;
  }
  if (array && (t.scalar == Scalar::Jsonb || t.scalar == Scalar::Bytes || t.flavor == NumericFlavor::Percentage)) {
    out.error = "arrays of " + text + " are not supported; use jsonb for nested data";
    return out;
  }
  out.type = t;
  return out;
}

}  // namespace tenantc::types

namespace tenantc::model {

std::string Type::sql() const {
  std::string base;
  switch (scalar) {
    case Scalar::Uuid: base = "uuid"; break;
    case Scalar::String: base = "varchar(" + std::to_string(length) + ")"; break;
    case Scalar::Text: base = "text"; break;
    case Scalar::SmallInt: base = "smallint"; break;
    case Scalar::Int: base = "integer"; break;
    case Scalar::BigInt: base = "bigint"; break;
    case Scalar::Real: base = "real"; break;
    case Scalar::Double: base = "double precision"; break;
    case Scalar::Bool: base = "boolean"; break;
    case Scalar::Decimal: base = "numeric(" + std::to_string(precision) + "," + std::to_string(scale) + ")"; break;
    case Scalar::Date: base = "date"; break;
    case Scalar::Timestamp: base = "timestamptz"; break;
    case Scalar::Jsonb: base = "jsonb"; break;
    case Scalar::Bytes: base = "bytea"; break;
    case Scalar::Enum: base = enum_name; break;
  }
  return array ? base + "[]" : base;
}

std::string Type::sql_unsized() const {
  std::string base = scalar == Scalar::String ? "varchar" : scalar == Scalar::Decimal ? "numeric" : "";
  if (base.empty()) return sql();
  return array ? base + "[]" : base;
}

std::string Type::cpp() const {
  std::string base;
  switch (scalar) {
    case Scalar::Uuid: base = "tenantc::Uuid"; break;
    case Scalar::String:
    case Scalar::Text: base = "std::string"; break;
    case Scalar::SmallInt: base = "std::int16_t"; break;
    case Scalar::Int: base = "std::int32_t"; break;
    case Scalar::BigInt: base = "std::int64_t"; break;
    case Scalar::Real: base = "float"; break;
    case Scalar::Double: base = "double"; break;
    case Scalar::Bool: base = "bool"; break;
    case Scalar::Decimal: base = "tenantc::Decimal"; break;
    case Scalar::Date: base = "tenantc::Date"; break;
    case Scalar::Timestamp: base = "tenantc::Timestamp"; break;
    case Scalar::Jsonb: base = "tenantc::Json"; break;
    case Scalar::Bytes: base = "std::vector<std::byte>"; break;
    case Scalar::Enum: base = naming::pascal_case(enum_name); break;
  }
  return array ? "std::vector<" + base + ">" : base;
}

const Field* Entity::field(const std::string& column) const {
  for (const auto& f : fields)
    if (f.name == column) return &f;
  return nullptr;
}

const Entity* Project::entity(const std::string& table) const {
  for (const auto& e : entities)
    if (e.name == table) return &e;
  return nullptr;
}

const Enum* Project::enum_type(const std::string& name) const {
  for (const auto& e : enums)
    if (e.name == name) return &e;
  return nullptr;
}

}  // namespace tenantc::model
