// Text codecs of the built-in types, array literal syntax, Params, Row and Result.
#include "tenantc/codec.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <system_error>

namespace tenantc {
namespace {

[[noreturn]] void bad_text(const char* type, std::string_view text) {
  constexpr std::size_t max = 64;
  std::string shown(text.substr(0, max));
  if (text.size() > max) shown += "...";
  throw std::invalid_argument(std::string("not a valid ") + type + ": \"" + shown + "\"");
}

template <class Int>
std::string encode_int(Int v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

template <class Int>
Int decode_int(std::string_view text, const char* type) {
  Int v{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) bad_text(type, text);
  return v;
}

template <class Float>
std::string encode_float(Float v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest exact round trip
  return std::string(buf, end);
}

template <class Float>
Float decode_float(std::string_view text, const char* type) {
  if (text == "NaN") return std::numeric_limits<Float>::quiet_NaN();
  if (text == "Infinity") return std::numeric_limits<Float>::infinity();
  if (text == "-Infinity") return -std::numeric_limits<Float>::infinity();
  Float v{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  // result_out_of_range is how from_chars reports subnormal underflow as well; the server only
  // sends values that are representable, so treat it as malformed like any other failure.
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) bad_text(type, text);
  return v;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool is_null_word(std::string_view s) noexcept {
  if (s.size() != 4) return false;
  for (std::size_t i = 0; i < 4; ++i) {
    char c = s[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != "NULL"[i]) return false;
  }
  return true;
}

}  // namespace

// ---- scalar codecs ------------------------------------------------------------------------------

bool Codec<bool>::decode(std::string_view text) {
  if (text == "t" || text == "true") return true;
  if (text == "f" || text == "false") return false;
  bad_text("boolean", text);
}

std::string Codec<std::int16_t>::encode(std::int16_t v) { return encode_int(v); }
std::int16_t Codec<std::int16_t>::decode(std::string_view text) {
  return decode_int<std::int16_t>(text, "smallint");
}
std::string Codec<std::int32_t>::encode(std::int32_t v) { return encode_int(v); }
std::int32_t Codec<std::int32_t>::decode(std::string_view text) {
  return decode_int<std::int32_t>(text, "integer");
}
std::string Codec<std::int64_t>::encode(std::int64_t v) { return encode_int(v); }
std::int64_t Codec<std::int64_t>::decode(std::string_view text) {
  return decode_int<std::int64_t>(text, "bigint");
}

std::string Codec<float>::encode(float v) { return encode_float(v); }
float Codec<float>::decode(std::string_view text) { return decode_float<float>(text, "real"); }
std::string Codec<double>::encode(double v) { return encode_float(v); }
double Codec<double>::decode(std::string_view text) {
  return decode_float<double>(text, "double precision");
}

std::string Codec<Bytes>::encode(const Bytes& v) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 + 2 * v.size());
  out += "\\x";
  for (std::byte b : v) {
    auto u = std::to_integer<unsigned>(b);
    out += hex[u >> 4];
    out += hex[u & 0x0f];
  }
  return out;
}

Bytes Codec<Bytes>::decode(std::string_view text) {
  Bytes out;
  if (text.substr(0, 2) == "\\x") {
    text.remove_prefix(2);
    if (text.size() % 2 != 0) bad_text("bytea", text);
    out.reserve(text.size() / 2);
    for (std::size_t i = 0; i < text.size(); i += 2) {
      int hi = hex_value(text[i]);
      int lo = hex_value(text[i + 1]);
      if (hi < 0 || lo < 0) bad_text("bytea", text);
      out.push_back(static_cast<std::byte>(hi << 4 | lo));
    }
    return out;
  }
  // Escape format (bytea_output = 'escape'): \\ for a backslash, \ooo for other bytes.
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] != '\\') {
      out.push_back(static_cast<std::byte>(text[i++]));
    } else if (i + 1 < text.size() && text[i + 1] == '\\') {
      out.push_back(std::byte{'\\'});
      i += 2;
    } else if (i + 3 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '3' &&
               text[i + 2] >= '0' && text[i + 2] <= '7' && text[i + 3] >= '0' &&
               text[i + 3] <= '7') {
      out.push_back(static_cast<std::byte>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 +
                                           (text[i + 3] - '0')));
      i += 4;
    } else {
      bad_text("bytea", text);
    }
  }
  return out;
}

// ---- arrays -------------------------------------------------------------------------------------

namespace detail {

void append_array_element(std::string& out, std::string_view element) {
  bool quote = element.empty() || is_null_word(element);
  for (char c : element) {
    if (c == '"' || c == '\\' || c == '{' || c == '}' || c == ',' || is_space(c)) {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out += element;
    return;
  }
  out += '"';
  for (char c : element) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

std::vector<std::optional<std::string>> split_array(std::string_view text) {
  std::vector<std::optional<std::string>> out;
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto skip_space = [&] {
    while (i < n && is_space(text[i])) ++i;
  };
  auto fail = [&](const char* why) -> void {
    constexpr std::size_t max = 64;
    std::string shown(text.substr(0, max));
    if (n > max) shown += "...";
    throw std::invalid_argument(std::string("not a valid array literal (") + why + "): \"" + shown +
                                "\"");
  };

  skip_space();
  // "[0:2]={...}": explicit bounds, printed when the lower bound is not 1. Only the elements
  // matter to a std::vector.
  if (i < n && text[i] == '[') {
    std::size_t eq = text.find('=', i);
    if (eq == std::string_view::npos) fail("bad dimensions");
    i = eq + 1;
    skip_space();
  }
  if (i >= n || text[i] != '{') fail("no opening brace");
  ++i;
  skip_space();
  if (i < n && text[i] == '}') {
    ++i;
  } else {
    while (true) {
      skip_space();
      if (i >= n) fail("unterminated");
      if (text[i] == '{') fail("multidimensional arrays are not supported");
      std::string element;
      if (text[i] == '"') {
        ++i;
        while (i < n && text[i] != '"') {
          if (text[i] == '\\') {
            if (++i >= n) fail("unterminated escape");
          }
          element += text[i++];
        }
        if (i >= n) fail("unterminated quotes");
        ++i;
        out.emplace_back(std::move(element));
      } else {
        bool escaped = false;
        std::size_t keep = 0;  // length up to the last character that is not trailing space
        while (i < n && text[i] != ',' && text[i] != '}') {
          if (text[i] == '"' || text[i] == '{') fail("misplaced quote or brace");
          if (text[i] == '\\') {
            if (++i >= n) fail("unterminated escape");
            escaped = true;
            element += text[i++];
            keep = element.size();
          } else {
            element += text[i];
            if (!is_space(text[i])) keep = element.size();
            ++i;
          }
        }
        element.resize(keep);
        if (element.empty()) fail("empty element");
        if (!escaped && is_null_word(element)) {
          out.emplace_back(std::nullopt);
        } else {
          out.emplace_back(std::move(element));
        }
      }
      skip_space();
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < n && text[i] == '}') {
        ++i;
        break;
      }
      fail("expected , or }");
    }
  }
  skip_space();
  if (i != n) fail("text after the closing brace");
  return out;
}

void throw_null_array_element() {
  throw std::invalid_argument(
      "array has a NULL element; decode it as std::vector<std::optional<T>>");
}

// ---- Row errors ---------------------------------------------------------------------------------

namespace {
std::string column_label(const PGresult* result, int column) {
  const char* name = PQfname(result, column);
  return "column " + std::to_string(column) + (name ? " \"" + std::string(name) + "\"" : "");
}
}  // namespace

void throw_decode_error(const PGresult* result, int column, const char* what) {
  throw DecodeError("tenantc: " + column_label(result, column) + ": " + what);
}

void throw_unexpected_null(const PGresult* result, int column) {
  throw DecodeError("tenantc: " + column_label(result, column) +
                    " is NULL; read it as std::optional");
}

}  // namespace detail

// ---- Params -------------------------------------------------------------------------------------

Params& Params::push(std::string encoded) {
  if (encoded.find('\0') != std::string::npos) {
    throw std::invalid_argument(
        "tenantc::Params: parameter " + std::to_string(values_.size() + 1) +
        " contains a NUL byte, which PostgreSQL text cannot hold (use bytea)");
  }
  values_.push_back(std::move(encoded));
  nulls_.push_back(0);
  return *this;
}

Params& Params::add_null() {
  values_.emplace_back();
  nulls_.push_back(1);
  return *this;
}

std::vector<const char*> Params::c_values() const {
  std::vector<const char*> out(values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) {
    out[i] = nulls_[i] ? nullptr : values_[i].c_str();
  }
  return out;
}

// ---- Row / Result -------------------------------------------------------------------------------

namespace {
void check_column(const PGresult* result, int column) {
  if (column < 0 || column >= PQnfields(result)) {
    throw std::out_of_range("tenantc::Row: no column " + std::to_string(column) + " (" +
                            std::to_string(PQnfields(result)) + " columns)");
  }
}
}  // namespace

bool Row::is_null(int column) const {
  check_column(result_, column);
  return PQgetisnull(result_, row_, column) != 0;
}

std::string_view Row::raw(int column) const {
  check_column(result_, column);
  return std::string_view(PQgetvalue(result_, row_, column),
                          static_cast<std::size_t>(PQgetlength(result_, row_, column)));
}

int Row::column_index(std::string_view name) const {
  // Exact match: PQfnumber would fold case and parse quotes.
  for (int i = 0, n = PQnfields(result_); i < n; ++i) {
    if (name == PQfname(result_, i)) return i;
  }
  throw std::out_of_range("tenantc::Row: no column named \"" + std::string(name) + "\"");
}

int Row::columns() const noexcept { return PQnfields(result_); }

void Result::Clear::operator()(PGresult* r) const noexcept { PQclear(r); }

int Result::size() const noexcept { return result_ ? PQntuples(result_.get()) : 0; }

int Result::columns() const noexcept { return result_ ? PQnfields(result_.get()) : 0; }

Row Result::row(int i) const {
  if (i < 0 || i >= size()) {
    throw std::out_of_range("tenantc::Result: no row " + std::to_string(i) + " (" +
                            std::to_string(size()) + " rows)");
  }
  return Row(result_.get(), i);
}

std::string_view Result::column_name(int column) const {
  if (column < 0 || column >= columns()) {
    throw std::out_of_range("tenantc::Result: no column " + std::to_string(column));
  }
  return PQfname(result_.get(), column);
}

std::int64_t Result::affected_rows() const {
  if (!result_) return 0;
  std::string_view text = PQcmdTuples(result_.get());
  std::int64_t v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);  // "" (no count) leaves 0
  return v;
}

}  // namespace tenantc
